using Orchestrator.Core.Jobs;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>Jobs refused by our moderation gate (nothing reserved, sent or billed) or by the vendor's safety system (billed per rule, never retried).</summary>
public sealed class RefusalTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Fact]
    public async Task A_blocked_prompt_ends_moderated_with_nothing_reserved_sent_or_billed()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("moderated");
        var request = Requests.Auto(team, marker) with { Prompt = $"a slow-motion beheading in the rain {marker}" };

        var outcome = await host.RunAsync(request);

        Assert.Equal(JobStatus.Moderated, outcome.Status);
        Assert.Contains("violence/graphic", outcome.Moderation!.Categories);
        Assert.Empty(outcome.Attempts);
        Assert.Null(outcome.Route);
        Assert.Equal((0m, 0m), (outcome.ReservedUsd, outcome.BilledUsd));
        Assert.Empty(await environment.JobsAsync(marker));
        Assert.Empty(await host.CostRowsAsync(team, BookingMonth.Of(outcome.UpdatedAt)));
        var budget = await host.Budgets.GetAsync(team);
        Assert.Equal((0m, 0m, 0), (budget.ReservedUsd, budget.SpentUsd, budget.Settlements));
    }

    [Fact]
    public async Task A_vendor_refusal_is_billed_per_its_rule_and_never_failed_over()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("refused");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = Emulator.JobOutcome.Refuse } });

        var outcome = await host.RunAsync(Requests.Auto(team, marker));

        Assert.True(outcome.Status == JobStatus.Refused, outcome.Message);
        Assert.True(outcome.Route!.Candidates.Count > 1, "the router offered fallbacks, yet none may be tried after a refusal");
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(AttemptState.Refused, attempt.State);
        Assert.True(attempt.Failure!.IsSafetyRefusal);
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(attempt.EndedAt!.Value)));
        Assert.Equal(("refused-by-vendor", true), (row.BillingStatus, row.Billed));
        Assert.Contains("paid whether usable or not", row.BillingRule, StringComparison.Ordinal);
        Assert.True(row.CostUsd > 0m);
        Assert.Equal(row.CostUsd, outcome.BilledUsd);
        var budget = await host.Budgets.GetAsync(team, JobEnvironment.Sandbox);
        Assert.Equal((0m, row.CostUsd), (budget.ReservedUsd, budget.SpentUsd));
        Assert.Single(await environment.JobsAsync(marker));
    }

    [Fact]
    public async Task A_refusal_at_submit_creates_no_job_and_is_billed_per_the_refusal_rule()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("refused-at-submit");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { RefuseAtSubmit = true } });

        var outcome = await host.RunAsync(Requests.Pinned(team, "luma/ray-3", marker));

        Assert.True(outcome.Status == JobStatus.Refused, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal((AttemptState.Refused, (string?)null), (attempt.State, attempt.VendorJobId));
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(attempt.EndedAt!.Value)));
        Assert.Equal("refused-by-vendor", row.BillingStatus);
        Assert.Equal(row.CostUsd, (await host.Budgets.GetAsync(team)).SpentUsd);
        Assert.Empty(await environment.JobsAsync(marker));
    }
}
