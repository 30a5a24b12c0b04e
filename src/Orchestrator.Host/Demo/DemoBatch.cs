using Orchestrator.Emulator;
using Orchestrator.Emulator.State;

namespace Orchestrator.Host.Demo;

/// <summary>One sample job: a label for the table, the request as a team would send it, and whether it goes over HTTP (else the bulk queue).</summary>
internal sealed record DemoJob(string Label, string Team, string IdempotencyKey, string RequestJson, bool OverHttp = false);

/// <summary>
/// The sample batch: jobs that take different routes (and so different vendors: fal, Kling, Runway, Luma, BytePlus,
/// OpenAI), one blocked by moderation, one over its team's budget, one whose first vendor fails so it fails over, and
/// one sent over HTTP instead of the queue.
/// </summary>
internal static class DemoBatch
{
    public const string FailoverMarker = "[demo-failover]";

    /// <summary>The over-budget team's sandbox quota: less than any clip costs.</summary>
    public const decimal TinyQuotaUsd = 0.10m;

    public static IReadOnlyList<DemoJob> Jobs { get; } =
    [
        Job("lighthouse (default rule)", "studio-a", """{"prompt":"a lighthouse at dusk, waves crashing on the rocks","durationSeconds":5,"audio":"native"}"""),
        Job("night market (storyboard)", "studio-a", """{"prompt":"a chase through a night market","shots":[{"seconds":3,"prompt":"wide shot of the market"},{"seconds":3,"prompt":"a runner ducks under a stall"},{"seconds":4,"prompt":"close up of her face","shotType":"close_up"}]}"""),
        Job("mascot (locked cast)", "studio-a", """{"prompt":"our mascot waves hello","durationSeconds":5,"references":[{"kind":"image","uri":"https://example.com/mascot.png","role":"character"}]}"""),
        Job("winter grade (edit)", "agency-b", """{"prompt":"make it look like winter","durationSeconds":5,"intent":"edit","references":[{"kind":"video","uri":"https://example.com/summer.mp4","seconds":5}]}"""),
        Job("canyon sunrise (HDR)", "agency-b", """{"prompt":"sunrise over a desert canyon","durationSeconds":5,"resolution":"540p","hdr":true}"""),
        Job("space cat (draft)", "agency-b", """{"prompt":"a cat in a spacesuit","durationSeconds":5,"tags":{"quality":"draft","campaign":"demo"}}"""),
        Job("tea ceremony (BytePlus)", "agency-b", """{"prompt":"a slow tea ceremony in soft light","durationSeconds":5,"route":"byteplus/seedance-2.0"}"""),
        Job("origami crane (Sora 2)", "studio-a", """{"prompt":"an origami crane unfolding itself","durationSeconds":4,"route":"openai/sora-2"}"""),
        Job("paper boat (fails over)", "studio-a", $$"""{"prompt":"{{FailoverMarker}} a paper boat drifting down a rain gutter","durationSeconds":5}"""),
        Job("blocked prompt (moderation)", "studio-a", """{"prompt":"a beheading in the town square","durationSeconds":5}"""),
        Job("over budget", "indie-c", """{"prompt":"a neon city in the rain, drone shot","durationSeconds":10,"resolution":"1080p"}"""),
        Job("hummingbird (over HTTP)", "studio-a", """{"prompt":"a hummingbird hovering over a red flower","durationSeconds":4,"resolution":"1080p"}""", overHttp: true),
    ];

    public static IReadOnlyList<string> Teams { get; } = ["studio-a", "agency-b", "indie-c"];

    /// <summary>How the emulator behaves for the batch: a few seconds per clip, and the first vendor of the failover job fails.</summary>
    public static EmulatorOptions EmulatorOptions() => new()
    {
        DefaultBehavior = new JobBehavior { QueueMs = 600, RunMs = 2500, ProgressSteps = 4 },
    };

    public static void Script(EmulatorServer emulator) => emulator.State.AddScript(new ScriptRule
    {
        PromptContains = FailoverMarker,
        Times = 1,
        Behavior = new JobBehavior { QueueMs = 300, RunMs = 800, Outcome = JobOutcome.Fail },
    });

    private static DemoJob Job(string label, string team, string body, bool overHttp = false)
    {
        var key = "demo-" + new string([.. label.Where(char.IsAsciiLetterOrDigit).Take(24)]).ToLowerInvariant();
        var json = $$"""{"team":"{{team}}","idempotencyKey":"{{key}}",{{body[1..]}}""";
        return new DemoJob(label, team, key, json, overHttp);
    }
}
