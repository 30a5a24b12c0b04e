using Orchestrator.Core.Jobs;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>Attempts that fail for the vendor's reasons: billed per rule, booked, and failed over while regenerations are left.</summary>
public sealed class FailoverTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Fact]
    public async Task A_vendor_failure_is_billed_per_rule_and_the_next_route_delivers()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("failover");
        await environment.ScriptAsync(new ScriptRule
        {
            Vendor = "fal",
            PromptContains = marker,
            Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Fail, FailureCode = "internal_server_error", FailureMessage = "runner crashed (scripted)" },
        });

        var outcome = await host.RunAsync(Requests.Auto(team, marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        Assert.Equal(2, outcome.Attempts.Count);
        var (failed, delivered) = (outcome.Attempts[0], outcome.Attempts[1]);
        Assert.Equal((1, "fal", AttemptState.Failed), (failed.Number, failed.Vendor, failed.State));
        Assert.Equal("internal_server_error", failed.Failure!.Code);
        Assert.Contains(failed.Notes, note => note.StartsWith("failing over to " + delivered.Route, StringComparison.Ordinal));
        Assert.Equal((2, AttemptState.Succeeded), (delivered.Number, delivered.State));
        Assert.Equal(outcome.Route!.Candidates[1].Route, delivered.Route);
        Assert.NotEqual(failed.SubmissionKey, delivered.SubmissionKey);

        // Two rows: the failure billed by the (assumed) rule for failed jobs, the delivery as completed.
        var month = BookingMonth.Of(delivered.EndedAt!.Value);
        var rows = (await host.CostRowsAsync(team, month)).OrderBy(row => row.Attempt).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("failed", true, "fal"), (rows[0].BillingStatus, rows[0].Billed, rows[0].Vendor));
        Assert.Contains("assumed billed", rows[0].BillingRule, StringComparison.Ordinal);
        Assert.Equal(("completed", delivered.Route), (rows[1].BillingStatus, rows[1].Route));
        Assert.Equal(rows.Sum(row => row.CostUsd), outcome.BilledUsd);
        var budget = await host.Budgets.GetAsync(team);
        Assert.Equal((0m, outcome.BilledUsd, 2), (budget.ReservedUsd, budget.SpentUsd, budget.Settlements));
        Assert.Equal(2, (await environment.JobsAsync(marker)).Count);
    }

    [Fact]
    public async Task Failover_stops_when_no_regenerations_are_left()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("no-regen");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Fail, FailureCode = "internal_server_error" } });

        var outcome = await host.RunAsync(Requests.Auto(team, marker) with { MaxRegenerations = 0 });

        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Single(outcome.Attempts);
        Assert.Contains("no regenerations left", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(outcome.BilledUsd, (await host.Budgets.GetAsync(team)).SpentUsd);
    }

    [Fact]
    public async Task A_job_past_its_route_timeout_is_cancelled_at_the_vendor_and_billed_as_timed_out()
    {
        await using var host = await environment.StartHostAsync(settings =>
        {
            settings["Orchestrator:Workflow:RouteTimeouts:0:Route"] = "luma/ray-3";
            settings["Orchestrator:Workflow:RouteTimeouts:0:Timeout"] = "00:00:02";
        });
        var team = Requests.Team();
        var marker = Requests.Marker("hang");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Hang } });

        var outcome = await host.RunAsync(Requests.Pinned(team, "luma/ray-3", marker));

        Assert.True(outcome.Status == JobStatus.TimedOut, outcome.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), outcome.Route!.Candidates[0].Timeout);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(AttemptState.TimedOut, attempt.State);
        Assert.Contains(attempt.Notes, note => note.Contains("cancel at the vendor accepted", StringComparison.Ordinal));
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.True(job.CancelRequests >= 1);
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(attempt.EndedAt!.Value)));
        Assert.Equal(("timed-out", true), (row.BillingStatus, row.Billed));
        var budget = await host.Budgets.GetAsync(team, JobEnvironment.Sandbox);
        Assert.Equal((0m, row.CostUsd), (budget.ReservedUsd, budget.SpentUsd));
    }

    [Fact]
    public async Task A_throttled_submit_waits_on_a_durable_timer_and_submits_once()
    {
        await using var host = await environment.StartHostAsync();
        var marker = Requests.Marker("throttled");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { SubmitThrottles = 6, RetryAfterMs = 100 } });

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), "luma/ray-3", marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Contains(attempt.Notes, note => note.StartsWith("not submitted", StringComparison.Ordinal));
        Assert.Single(await environment.JobsAsync(marker));
    }
}
