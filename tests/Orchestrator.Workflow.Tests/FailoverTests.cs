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
    public async Task An_unpinned_job_whose_first_route_hangs_is_cancelled_there_billed_as_timed_out_and_delivered_by_the_next()
    {
        const string Hanging = "fal/kling-v3-standard";
        await using var host = await environment.StartHostAsync(settings =>
        {
            settings["Orchestrator:Workflow:RouteTimeouts:0:Route"] = Hanging;
            settings["Orchestrator:Workflow:RouteTimeouts:0:Timeout"] = "00:00:02";
        });
        var team = Requests.Team();
        var marker = Requests.Marker("hang-failover");
        await environment.ScriptAsync(new ScriptRule { Vendor = "fal", PromptContains = marker, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Hang } });

        var outcome = await host.RunAsync(Requests.Auto(team, marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        Assert.Equal(Hanging, outcome.Route!.Candidates[0].Route);
        Assert.Equal(2, outcome.Attempts.Count);
        var (timedOut, delivered) = (outcome.Attempts[0], outcome.Attempts[1]);
        Assert.Equal((Hanging, AttemptState.TimedOut), (timedOut.Route, timedOut.State));
        Assert.Contains(timedOut.Notes, note => note.Contains("cancel at the vendor accepted", StringComparison.Ordinal));
        Assert.Contains(timedOut.Notes, note => note.StartsWith("failing over to " + delivered.Route, StringComparison.Ordinal));
        Assert.Equal((AttemptState.Succeeded, outcome.Route.Candidates[1].Route), (delivered.State, delivered.Route));
        Assert.NotEqual("fal", delivered.Vendor);
        var hung = Assert.Single(await environment.JobsAsync(marker), job => job.Vendor == "fal");
        Assert.True(hung.CancelRequests >= 1);

        var rows = (await host.CostRowsAsync(team, BookingMonth.Of(delivered.EndedAt!.Value))).OrderBy(row => row.Attempt).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("timed-out", true, false, Hanging), (rows[0].BillingStatus, rows[0].Billed, rows[0].Delivered, rows[0].Route));
        Assert.Equal(("completed", true, true, delivered.Route), (rows[1].BillingStatus, rows[1].Billed, rows[1].Delivered, rows[1].Route));
        var budget = await host.Budgets.GetAsync(team);
        Assert.Equal((0m, rows.Sum(row => row.CostUsd), 2), (budget.ReservedUsd, budget.SpentUsd, budget.Settlements));
    }

    [Fact]
    public async Task A_submit_throttled_with_a_long_Retry_After_waits_up_to_the_longest_hint_honoured()
    {
        await using var host = await environment.StartHostAsync(settings => settings["Orchestrator:Workflow:Policy:MaxPollHint"] = "00:00:03");
        var marker = Requests.Marker("long-retry-after");
        // 5 s is past the vendor pipeline's own MaxRetryAfter (2 s here), so the submit comes back "not submitted" with the hint.
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { SubmitThrottles = 1, RetryAfterMs = 5000 } });

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), "luma/ray-3", marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Contains(attempt.Notes, note => note.StartsWith("not submitted", StringComparison.Ordinal) && note.EndsWith("submitting again after 00:00:03", StringComparison.Ordinal));
        Assert.True(attempt.SubmittedAt - attempt.StartedAt >= TimeSpan.FromSeconds(3), $"submitted {attempt.SubmittedAt - attempt.StartedAt} after the attempt started");
        Assert.Single(await environment.JobsAsync(marker));
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
