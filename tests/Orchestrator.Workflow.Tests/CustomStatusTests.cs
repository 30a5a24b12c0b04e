using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>The custom status stays far below Durable Functions' 16 KB limit however many attempts a job makes.</summary>
public sealed class CustomStatusTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    // Durable Functions refuses a custom status over 16 KB of UTF-16 (8,192 chars): half of that is the bound kept here.
    private const int MaxCustomStatusChars = 4096;

    [Fact]
    public async Task A_job_that_uses_every_regeneration_keeps_a_small_custom_status_and_a_full_output()
    {
        await using var host = await environment.StartHostAsync(settings =>
        {
            settings["Orchestrator:Budgets:Team:MaxRegenerations"] = "10";
            settings["Orchestrator:Budgets:Environments:Sandbox:MaxRegenerations"] = "10";
            settings["Orchestrator:Budgets:Environments:Sandbox:MonthlyCeilingUsd"] = "1000";
        });
        var team = Requests.Team();
        var marker = Requests.Marker("every-regeneration");
        await environment.ScriptAsync(new ScriptRule
        {
            PromptContains = marker,
            Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Fail, FailureCode = "internal_server_error", FailureMessage = "runner crashed (scripted) " + new string('x', 400) },
        });

        var outcome = await host.RunAsync(Requests.Auto(team, marker) with { MaxRegenerations = 10 });

        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.True(outcome.Attempts.Count >= 4, $"only {outcome.Attempts.Count} attempt(s) were made");
        Assert.Equal(Math.Min(11, outcome.Route!.Candidates.Count), outcome.Attempts.Count);
        var metadata = (await host.Client.GetInstanceAsync(outcome.InstanceId, getInputsAndOutputs: true))!;
        var customStatus = metadata.SerializedCustomStatus!;
        Assert.True(customStatus.Length < MaxCustomStatusChars, $"the custom status is {customStatus.Length} chars: {customStatus}");
        Assert.True(metadata.SerializedOutput!.Length > customStatus.Length);

        // The full report (route plan, every attempt with its notes) is the output, and the job view shows it.
        var view = (await host.Jobs.GetAsync(outcome.InstanceId))!;
        Assert.Equal(outcome.Route.Explanation, view.Route!.Explanation);
        Assert.Equal(outcome.Attempts.Count, view.Attempts.Count);
        Assert.All(view.Attempts.SkipLast(1), attempt => Assert.Contains(attempt.Notes, note => note.StartsWith("failing over to", StringComparison.Ordinal)));
        Assert.Equal(outcome.BilledUsd, view.BilledUsd);
        Assert.Equal(outcome.Route.Rule, view.RouteSummary!.Rule);
    }
}
