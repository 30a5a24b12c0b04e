using Orchestrator.Durable.History;
using Orchestrator.Durable.Hosting;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>How a job learns its vendor job ended: a verified webhook wakes it at once, or backed-off durable timers poll.</summary>
public sealed class WaitingTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Theory]
    [InlineData("openai/sora-2")]
    [InlineData("fal/kling-v3-standard")]
    [InlineData("luma/ray-3")]
    [InlineData("kling/kling-v3")]
    public async Task A_verified_webhook_wakes_the_job_long_before_its_timer(string routeId)
    {
        // The timer would first fire after 5 minutes: a job that finishes within the test's patience was woken by webhooks.
        await using var host = await environment.StartHostAsync(settings =>
        {
            settings["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:05:00";
            settings["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:10:00";
        });
        await environment.UseOpenAiWebhooksOfAsync(host);
        var marker = Requests.Marker(routeId);

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), routeId, marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.True(attempt.Webhooks >= 1);
        Assert.Equal(attempt.Webhooks, attempt.Polls);
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.Equal(attempt.VendorJobId, job.Id);
    }

    [Fact]
    public async Task Without_webhooks_the_job_polls_on_backed_off_timers()
    {
        await using var host = await environment.StartHostAsync(settings => settings.Remove("Orchestrator:Workflow:WebhookBaseUrl"));
        var marker = Requests.Marker("polling");

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), "luma/ray-3", marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(0, attempt.Webhooks);
        Assert.True(attempt.Polls >= 1);
        Assert.False(outcome.Route!.Candidates[0].Webhooks);
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.Null(job.CallbackUrl);
        Assert.True(job.Requests >= attempt.Polls);
    }

    [Fact]
    public async Task A_long_wait_continues_as_new_with_its_state_so_history_stays_bounded()
    {
        await using var host = await environment.StartHostAsync(settings =>
        {
            settings.Remove("Orchestrator:Workflow:WebhookBaseUrl");
            settings["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:00:00.100";
            settings["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:00:00.150";
            settings["Orchestrator:Workflow:Policy:PollsPerExecution"] = "2";
        });
        var team = Requests.Team();
        var marker = Requests.Marker("long-wait");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { QueueMs = 500, RunMs = 2500 } });

        var outcome = await host.RunAsync(Requests.Pinned(team, "runway/gen4", marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.True(attempt.Polls > 4, $"only {attempt.Polls} polls");
        // The last execution started from the carried state and holds only its own few steps.
        var history = await ((DurableEngineClient)host.Client).GetHistoryAsync(outcome.InstanceId);
        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        var input = WorkflowJson.DataConverter.Deserialize<JobInput>(started.Input)!;
        Assert.NotNull(input.Resume);
        Assert.True(input.Resume.Executions >= 2);
        Assert.Equal(attempt.VendorJobId, input.Resume.VendorJob!.VendorJobId);
        Assert.True(history.Count < 80, $"{history.Count} events in the last execution");
        Assert.Single(await host.CostRowsAsync(team, Costs.BookingMonth.Of(attempt.EndedAt!.Value)));
    }
}
