using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Jobs;
using Orchestrator.Durable;
using Orchestrator.Durable.Client;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Holds;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>
/// A job whose orchestration ends without settling (terminated, or failed) never strands money: the release of its holds
/// cancels its vendor job at the vendor, books the attempt once per the route's billing rule, and leaves nothing reserved
/// on the team budget or the environment quota, whose spent stays the sum of the team's cost rows.
/// </summary>
public sealed class HoldReleaseTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    private const string Route = "runway/gen4";

    [Fact]
    public async Task A_job_terminated_while_the_vendor_works_is_cancelled_there_booked_once_and_released()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("terminated-waiting");
        var run = await StartWaitingJobAsync(host, team, marker);
        var instanceId = run.InstanceId;

        Assert.False(await host.Jobs.TerminateAsync(instanceId, new JobCaller("key-b", "team-b", IsAdmin: false), "not mine"));
        Assert.True(await host.Jobs.TerminateAsync(instanceId, WorkflowHost.CallerFor(team), "the brief changed"));
        var release = await host.ReleaseOutcomeAsync(run);

        var attempt = Assert.Single(release.Attempts);
        Assert.Equal("canceled", attempt.BillingStatus);
        Assert.Equal([team, $"{team}:sandbox"], attempt.Budgets.Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(await environment.JobsAsync(marker)).CancelRequests >= 1);
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(release.UpdatedAt)));
        Assert.Equal(("canceled", true, attempt.CostUsd, attempt.VendorJobId), (row.BillingStatus, row.Billed, row.CostUsd, row.VendorRequestId));
        Assert.True(row.CostUsd > 0m);
        Assert.Contains("was terminated", row.Assumptions, StringComparison.Ordinal);
        await AssertLedgerAsync(host, team, BookingMonth.Of(release.UpdatedAt));
        var view = (await host.Jobs.GetAsync(instanceId))!;
        Assert.Equal((OrchestrationRuntimeStatus.Terminated, JobStatus.Canceled, 0m, row.CostUsd), (view.RuntimeStatus, view.Status, view.ReservedUsd, view.BilledUsd));
        Assert.True(view.Release!.Done);
        Assert.Contains("Holds released", view.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_terminated_before_its_submit_went_through_is_billed_nothing_and_released()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("terminated-throttled");
        // Every submit is throttled with a minute's Retry-After: the job waits on a durable timer, nothing at the vendor.
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { SubmitThrottles = 1000, RetryAfterMs = 60_000 } });
        var instanceId = await host.StartAsync(Requests.Pinned(team, "luma/ray-3", marker));
        var run = await host.RunOfAsync(instanceId);
        var log = host.Services.GetRequiredService<SubmissionLog>();
        await Eventually.TrueAsync(async () => (await log.GetAsync(run, 1, default))?.State == SubmissionState.NotSubmitted, "the throttled submit is recorded as not submitted");

        Assert.True(await host.Jobs.TerminateAsync(instanceId, WorkflowHost.CallerFor(team), "never mind"));
        var release = await host.ReleaseOutcomeAsync(run);

        var attempt = Assert.Single(release.Attempts);
        Assert.Equal(((string?)null, 0m, (string?)null), (attempt.BillingStatus, attempt.CostUsd, attempt.CostRow));
        Assert.True(attempt.ReservedUsd > 0m);
        Assert.Contains("never reached the vendor", attempt.Note, StringComparison.Ordinal);
        Assert.Empty(await environment.JobsAsync(marker));
        Assert.Empty(await host.CostRowsAsync(team, BookingMonth.Of(release.UpdatedAt)));
        await AssertLedgerAsync(host, team, BookingMonth.Of(release.UpdatedAt));
        Assert.Equal(0m, (await host.Budgets.GetAsync(team)).SpentUsd);
    }

    [Fact]
    public async Task A_job_terminated_behind_the_hosts_back_is_released_by_the_sweep_and_a_second_release_changes_nothing()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("terminated-directly");
        var run = await StartWaitingJobAsync(host, team, marker);
        await TerminateDirectlyAsync(host, run);

        var sweep = await host.Holds.SweepAsync();
        var first = await host.ReleaseOutcomeAsync(run);

        Assert.Equal((1, JobHolds.ReleaseInstanceId(run)), (sweep.JobsHolding, Assert.Single(sweep.ReleasesStarted)));
        Assert.Equal("canceled", Assert.Single(first.Attempts).BillingStatus);
        Assert.True(Assert.Single(await environment.JobsAsync(marker)).CancelRequests >= 1);
        var month = BookingMonth.Of(first.UpdatedAt);
        await AssertLedgerAsync(host, team, month);
        var before = await LedgerAsync(host, team, month);

        var again = await host.Holds.SweepAsync();
        Assert.Equal((0, 0), (again.JobsHolding, again.ReleasesStarted.Count));
        Assert.Equal(JobHolds.ReleaseInstanceId(run), await host.Holds.ReleaseAsync(run.InstanceId));
        var second = await host.ReleaseOutcomeAsync(run);

        Assert.Equal((true, 0), (second.Done, second.Attempts.Count));
        var after = await LedgerAsync(host, team, month);
        Assert.Equal((before.Team, before.Quota), (after.Team, after.Quota));
        Assert.Equal(before.Rows, after.Rows);
    }

    [Fact]
    public async Task A_purged_job_is_released_by_the_sweep_after_the_grace_period_at_its_reserved_worst_case()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("terminated-purged");
        var (run, reserved) = await PurgedWhileHoldingAsync(host, team, marker);
        var options = host.Services.GetRequiredService<WorkflowOptions>();
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var holds = new JobHolds(host.Client, options, clock);

        var early = await holds.SweepAsync();
        clock.Advance(options.HoldSweep.UnknownJobGrace + TimeSpan.FromMinutes(1));
        var late = await holds.SweepAsync();
        var release = await host.ReleaseOutcomeAsync(run);

        Assert.Equal((1, 0), (early.JobsHolding, early.ReleasesStarted.Count));
        Assert.Equal(JobHolds.ReleaseInstanceId(run), Assert.Single(late.ReleasesStarted));
        var attempt = Assert.Single(release.Attempts);
        Assert.Contains("purged", release.Reason, StringComparison.Ordinal);
        Assert.True(Assert.Single(await environment.JobsAsync(marker)).CancelRequests >= 1);
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(release.UpdatedAt)));
        Assert.Equal(("canceled", reserved, reserved, "sandbox", "unknown"), (row.BillingStatus, row.CostUsd, attempt.CostUsd, row.Environment, row.Resolution));
        await AssertLedgerAsync(host, team, BookingMonth.Of(release.UpdatedAt));
    }

    [Fact]
    public async Task A_purged_job_still_holding_money_is_booked_as_its_own_run_while_its_key_runs_again()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("purged-rerun");
        var (old, reserved) = await PurgedWhileHoldingAsync(host, team, marker);

        // The same key again: a new run under the same instance id, whose vendor job takes a while (the sweep meets it in flight).
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Times = 1, Behavior = new JobBehavior { RunMs = 15_000 } });
        var instanceId = await host.StartAsync(Requests.Pinned(team, Route, marker));
        var rerun = await host.RunOfAsync(instanceId);
        await Eventually.TrueAsync(async () => (await host.Jobs.GetAsync(instanceId))?.Step == JobStep.Waiting, "the new run waits at the vendor");
        var sweep = await SweepAfterGraceAsync(host);
        var release = await host.ReleaseOutcomeAsync(old);
        var outcome = await host.OutcomeAsync(instanceId);

        Assert.Equal((old.InstanceId, true), (instanceId, old.RunId != rerun.RunId));
        Assert.Equal(JobHolds.ReleaseInstanceId(old), Assert.Single(sweep.ReleasesStarted));
        Assert.Equal(old, release.Run);
        Assert.Contains("now holds a later run", release.Reason, StringComparison.Ordinal);
        var released = Assert.Single(release.Attempts);
        Assert.Equal(("canceled", reserved), (released.BillingStatus, released.CostUsd));
        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        var jobs = await environment.JobsAsync(marker);
        Assert.Equal(2, jobs.Count);
        Assert.True(jobs.Single(job => job.Id == released.VendorJobId).CancelRequests >= 1);
        Assert.Equal(0, jobs.Single(job => job.Id == attempt.VendorJobId).CancelRequests);
        var month = BookingMonth.Of(attempt.EndedAt!.Value);
        var rows = await host.CostRowsAsync(team, month);
        Assert.Equal([(old.RunId, "canceled"), (rerun.RunId, "completed")], rows.OrderBy(row => row.RunId == rerun.RunId).Select(row => (row.RunId, row.BillingStatus)));
        Assert.Equal(rows.Single(row => row.RunId == rerun.RunId).CostUsd, outcome.BilledUsd);
        await AssertLedgerAsync(host, team, month);
        Assert.Equal(2, (await host.Budgets.GetAsync(team)).Settlements);
    }

    [Fact]
    public async Task A_purged_runs_hold_waits_while_the_new_run_under_its_instance_id_has_not_reported()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("purged-pending");
        var (old, _) = await PurgedWhileHoldingAsync(host, team, marker);
        // The job again under its instance id, not yet started by a worker: it has reported no run id and may be about to reserve.
        var input = new JobInput { Request = Requests.Pinned(team, Route, marker), IdempotencyKey = marker };
        await host.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.JobOrchestration, input, new StartOrchestrationOptions(old.InstanceId, TimeProvider.System.GetUtcNow().AddHours(1)));

        var sweep = await SweepAfterGraceAsync(host);

        Assert.Equal((1, 0), (sweep.JobsHolding, sweep.ReleasesStarted.Count));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(old.InstanceId))!.RuntimeStatus);
    }

    [Fact]
    public async Task A_submit_that_arrives_after_its_job_ended_never_reaches_the_vendor()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("late-submit");
        var request = Requests.Pinned(team, "luma/ray-3", marker);
        var run = new JobRunId(JobInstanceId.For(team, marker), "0123456789ab");
        var log = host.Services.GetRequiredService<SubmissionLog>();

        var closed = await log.CloseAsync(run, 1, "the job ended", TimeProvider.System.GetUtcNow(), default);
        var late = await ActivatorUtilities.CreateInstance<SubmitToVendor>(host.Services).RunAsync(new ActivityContext(run.InstanceId), new SubmitAttemptInput
        {
            Run = run,
            Attempt = 1,
            SubmissionKey = run.SubmissionKey(1),
            Route = "luma/ray-3",
            Timeout = TimeSpan.FromMinutes(5),
            Request = request,
        });

        Assert.Equal(SubmissionState.Abandoned, closed.State);
        Assert.Equal((SubmitOutcome.NotSubmitted, 0), (late.Outcome, late.Submits));
        Assert.Equal(SubmissionState.Abandoned, (await log.CloseAsync(run, 1, "again", TimeProvider.System.GetUtcNow(), default)).State);
        Assert.Empty(await environment.JobsAsync(marker));
    }

    /// <summary>Starts a job whose vendor job never finishes and waits until the job waits for it; its run.</summary>
    private async Task<JobRunId> StartWaitingJobAsync(WorkflowHost host, string team, string marker)
    {
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Hang } });
        var instanceId = await host.StartAsync(Requests.Pinned(team, Route, marker));
        await Eventually.TrueAsync(async () => (await host.Jobs.GetAsync(instanceId))?.Step == JobStep.Waiting, "the job waits at the vendor");
        return await host.RunOfAsync(instanceId);
    }

    /// <summary>A job that waited at the vendor, terminated behind the host's back, then purged: its run, and what it still holds.</summary>
    private async Task<(JobRunId Run, decimal ReservedUsd)> PurgedWhileHoldingAsync(WorkflowHost host, string team, string marker)
    {
        var run = await StartWaitingJobAsync(host, team, marker);
        var reserved = (await host.Jobs.GetAsync(run.InstanceId))!.ReservedUsd;
        await TerminateDirectlyAsync(host, run);
        Assert.Equal(1, (await host.Client.PurgeInstanceAsync(run.InstanceId)).PurgedInstanceCount);
        return (run, reserved);
    }

    /// <summary>A sweep as it runs once every hold is older than the grace period for jobs that cannot be found.</summary>
    private static Task<HoldSweep> SweepAfterGraceAsync(WorkflowHost host)
    {
        var options = host.Services.GetRequiredService<WorkflowOptions>();
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow() + options.HoldSweep.UnknownJobGrace + TimeSpan.FromMinutes(1));
        return new JobHolds(host.Client, options, clock).SweepAsync();
    }

    /// <summary>Terminates straight through the durable client, as an operator's script would: nothing releases the holds.</summary>
    private static async Task TerminateDirectlyAsync(WorkflowHost host, JobRunId run)
    {
        await host.Client.TerminateInstanceAsync(run.InstanceId, "terminated through the client");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.WaitForInstanceCompletionAsync(run.InstanceId, timeout.Token)).RuntimeStatus);
        Assert.Null(await host.Client.GetInstanceAsync(JobHolds.ReleaseInstanceId(run)));
    }

    /// <summary>Nothing reserved on the team budget or the sandbox quota, and each one's spent is the sum of the team's rows.</summary>
    private static async Task AssertLedgerAsync(WorkflowHost host, string team, string month)
    {
        var billed = (await host.CostRowsAsync(team, month)).Sum(row => row.CostUsd);
        foreach (var budget in new[] { await host.Budgets.GetAsync(team), await host.Budgets.GetAsync(team, JobEnvironment.Sandbox) })
        {
            Assert.Equal((budget.Scope, month, 0m, 0, billed), (budget.Scope, budget.Month, budget.ReservedUsd, budget.Reservations, budget.SpentUsd));
        }
    }

    /// <summary>What a second release must not change: each budget's figures and the team's rows.</summary>
    private static async Task<(Figures Team, Figures Quota, List<CostRow> Rows)> LedgerAsync(WorkflowHost host, string team, string month) =>
        (Figures.Of(await host.Budgets.GetAsync(team)), Figures.Of(await host.Budgets.GetAsync(team, JobEnvironment.Sandbox)), await host.CostRowsAsync(team, month));

    private sealed record Figures(decimal SpentUsd, decimal ReservedUsd, decimal HighWaterUsd, int Settlements, int Reservations)
    {
        public static Figures Of(BudgetSnapshot budget) => new(budget.SpentUsd, budget.ReservedUsd, budget.HighWaterUsd, budget.Settlements, budget.Reservations);
    }

    private sealed class ActivityContext(string instanceId) : TaskActivityContext
    {
        public override TaskName Name => nameof(SubmitToVendor);

        public override string InstanceId => instanceId;
    }
}
