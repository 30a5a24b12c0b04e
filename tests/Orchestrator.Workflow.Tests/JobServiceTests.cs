using Orchestrator.Core.Jobs;
using Orchestrator.Durable;
using Orchestrator.Durable.Client;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>The job service hosts build on: idempotent and authorized starts, views and listings, cancel, approval and reports.</summary>
public sealed class JobServiceTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Fact]
    public async Task The_same_request_started_twice_is_one_job_and_a_reused_key_with_another_request_is_refused()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("twice");
        var request = Requests.Pinned(team, "luma/ray-3", marker) with { IdempotencyKey = null };
        var caller = WorkflowHost.CallerFor(team);

        var first = await host.Jobs.StartAsync(request, caller);
        var again = await host.Jobs.StartAsync(request with { Tags = new Dictionary<string, string>() }, caller);
        await host.OutcomeAsync(first.InstanceId);
        var afterwards = await host.Jobs.StartAsync(request, caller);
        var conflict = await host.Jobs.StartAsync(request with { IdempotencyKey = "key-1" }, caller);
        var reused = await host.Jobs.StartAsync(request with { IdempotencyKey = "key-1", Prompt = "another prompt entirely" }, caller);

        Assert.Equal((true, false), (first.Started, first.AlreadyExisted));
        Assert.Equal((first.InstanceId, true), (again.InstanceId, again.AlreadyExisted));
        Assert.Equal((first.InstanceId, true), (afterwards.InstanceId, afterwards.AlreadyExisted));
        Assert.True(conflict.Started);
        Assert.NotEqual(first.InstanceId, conflict.InstanceId);
        Assert.Equal(JobStartRefusal.IdempotencyConflict, reused.Refusal!.Code);
        Assert.Equal(conflict.InstanceId, reused.InstanceId);
        await host.OutcomeAsync(conflict.InstanceId);
        Assert.Equal(2, (await environment.JobsAsync(marker)).Count);
    }

    [Fact]
    public async Task A_key_of_another_team_an_unbound_environment_or_a_broken_request_starts_nothing()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var request = Requests.Pinned(team, "luma/ray-3", Requests.Marker("refused-start"));

        var otherTeam = await host.Jobs.StartAsync(request, new JobCaller("key-b", "team-b", IsAdmin: false));
        var wrongEnvironment = await host.Jobs.StartAsync(request, new JobCaller("key-p", team, IsAdmin: false, Environment: "production"));
        var broken = await host.Jobs.StartAsync(request with { Shots = [new Shot(2, "a"), new Shot(2, "b")] }, WorkflowHost.CallerFor(team));
        var startedAnything = await host.Jobs.GetAsync(otherTeam.InstanceId);
        var admin = await host.Jobs.StartAsync(request, new JobCaller("admin", null, IsAdmin: true));

        Assert.Equal(JobStartRefusal.TeamMismatch, otherTeam.Refusal!.Code);
        Assert.Equal(JobStartRefusal.EnvironmentMismatch, wrongEnvironment.Refusal!.Code);
        Assert.Equal(JobStartRefusal.InvalidRequest, broken.Refusal!.Code);
        Assert.Contains(broken.Refusal.Errors, error => error.Path == "$.shots");
        Assert.Null(startedAnything);
        Assert.True(admin.Started);
        Assert.Equal(otherTeam.InstanceId, admin.InstanceId);
        await host.OutcomeAsync(admin.InstanceId);
    }

    [Fact]
    public async Task A_request_that_skipped_the_parser_ends_invalid_before_any_work()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var request = Requests.Auto(team, Requests.Marker("invalid")) with { Route = "no/such-route" };
        var instanceId = JobInstanceId.For(team, "direct");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.JobOrchestration,
            new JobInput { Request = request, IdempotencyKey = "direct" }, new StartOrchestrationOptions(instanceId));

        var outcome = await host.OutcomeAsync(instanceId);

        Assert.Equal(JobStatus.Invalid, outcome.Status);
        Assert.Contains(outcome.Errors, error => error.Path == "$.route");
        Assert.Empty(outcome.Attempts);
        Assert.Equal(0, (await host.Budgets.GetAsync(team)).Reservations);
    }

    [Fact]
    public async Task A_cancelled_job_is_cancelled_at_the_vendor_billed_per_rule_and_released()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("cancel");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Hang } });
        var instanceId = await host.StartAsync(Requests.Pinned(team, "runway/gen4", marker));
        await Eventually.TrueAsync(async () => (await host.Jobs.GetAsync(instanceId))?.Step == JobStep.Waiting, "the job waits for its vendor");
        var running = (await host.Jobs.GetAsync(instanceId))!;
        Assert.Equal((JobStatus.Running, OrchestrationRuntimeStatus.Running), (running.Status, running.RuntimeStatus));
        Assert.True(running.ReservedUsd > 0m);
        Assert.Equal(("pinned", "runway/gen4"), (running.RouteSummary!.Rule, running.CurrentRoute));
        Assert.NotNull(Assert.Single(running.Attempts).VendorJobId);
        Assert.False(await host.Jobs.CancelAsync(instanceId, new JobCaller("key-b", "team-b", IsAdmin: false), "not mine"));

        Assert.True(await host.Jobs.CancelAsync(instanceId, WorkflowHost.CallerFor(team), "the brief changed"));
        var outcome = await host.OutcomeAsync(instanceId);

        Assert.Equal(JobStatus.Canceled, outcome.Status);
        Assert.Contains("the brief changed", outcome.Message, StringComparison.Ordinal);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(AttemptState.Canceled, attempt.State);
        Assert.True(Assert.Single(await environment.JobsAsync(marker)).CancelRequests >= 1);
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(attempt.EndedAt!.Value)));
        Assert.Equal("canceled", row.BillingStatus);
        var budget = await host.Budgets.GetAsync(team);
        Assert.Equal((0m, row.CostUsd), (budget.ReservedUsd, budget.SpentUsd));
        Assert.False(await host.Jobs.CancelAsync(instanceId, WorkflowHost.CallerFor(team), "again"));
    }

    [Fact]
    public async Task Views_listings_approvals_and_reports_agree_with_the_cost_rows()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team("report");
        var failing = Requests.Marker("report-fail");
        await environment.ScriptAsync(new ScriptRule { Vendor = "fal", PromptContains = failing, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Fail, FailureCode = "internal_server_error" } });
        var delivered = await host.RunAsync(Requests.Auto(team, failing) with { Tags = new Dictionary<string, string> { ["campaign"] = "spring" } });
        var second = await host.RunAsync(Requests.Pinned(team, "luma/ray-3", Requests.Marker("report-ok")));
        Assert.Equal((JobStatus.Succeeded, JobStatus.Succeeded), (delivered.Status, second.Status));

        var view = (await host.Jobs.GetAsync(delivered.InstanceId))!;
        Assert.Equal((team, JobStatus.Succeeded, JobStep.Done, 2), (view.Team, view.Status, view.Step, view.Attempts.Count));
        Assert.Equal("spring", view.Tags["campaign"]);
        Assert.Equal(delivered.Video!.BlobName, view.Video!.BlobName);
        Assert.NotNull(view.Route!.Explanation);
        Assert.Null(view.Approval);
        var page = await host.Jobs.ListAsync(new JobQuery { Team = team });
        Assert.Equal(new[] { delivered.InstanceId, second.InstanceId }.Order(), page.Jobs.Select(job => job.InstanceId).Order());
        Assert.Empty((await host.Jobs.ListAsync(new JobQuery { Team = team, Statuses = [JobStatus.Running] })).Jobs);

        Assert.Equal(JobApprovalResult.Forbidden, await host.Jobs.ApproveAsync(delivered.InstanceId, new JobCaller("key-b", "team-b", false)));
        Assert.Equal(JobApprovalResult.Approved, await host.Jobs.ApproveAsync(delivered.InstanceId, WorkflowHost.CallerFor(team)));
        Assert.Equal("test-key", (await host.Jobs.GetAsync(delivered.InstanceId))!.Approval!.ApprovedBy);

        var month = BookingMonth.Of(second.UpdatedAt);
        var rows = await host.CostRowsAsync(team, month);
        var billed = rows.Sum(row => row.CostUsd);
        Assert.Equal(3, rows.Count);
        Assert.Equal(delivered.BilledUsd + second.BilledUsd, billed);
        var spend = await host.Reports.SpendByTeamAsync(team, month);
        Assert.Equal((billed, 3, 2, 2), (spend.BilledUsd, spend.Attempts, spend.Jobs, spend.SucceededJobs));
        Assert.Equal((billed, 1, billed), (spend.AcceptedVideo.BilledUsd, spend.AcceptedVideo.ApprovedVideos, spend.AcceptedVideo.UsdPerApprovedVideo));
        var fal = Assert.Single(spend.ByVendor, vendor => vendor.Vendor == "fal");
        Assert.Equal((1, 1), (fal.Attempts, fal.UndeliveredAttempts));
        Assert.Equal(spend.ByVendor, await host.Reports.SpendByVendorAsync(month, team));
        Assert.Contains(await host.Reports.SpendByTeamAsync(month), total => total.Team == team && total.BilledUsd == billed);
        Assert.Equal(billed, (await host.Budgets.GetAsync(team)).SpentUsd);
        Assert.Equal(billed, (await host.Budgets.GetAsync(team, JobEnvironment.Sandbox)).SpentUsd);
    }
}
