using Orchestrator.Core.Jobs;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>The team budget and environment quota: refusals with their numbers, and a ceiling that holds under concurrency.</summary>
public sealed class BudgetTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Fact]
    public async Task A_job_whose_worst_case_does_not_fit_ends_budget_exceeded_with_the_numbers()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        await host.Budgets.SetLimitsAsync(team, new BudgetLimits { MonthlyCeilingUsd = 0.10m });
        await Eventually.TrueAsync(async () => (await host.Budgets.GetAsync(team)).LimitsSource == "team", "the team's limits are set");
        var marker = Requests.Marker("over-budget");

        var outcome = await host.RunAsync(Requests.Pinned(team, "fal/kling-v3-standard", marker));

        Assert.Equal(JobStatus.BudgetExceeded, outcome.Status);
        var refusal = outcome.Budget!;
        var worstCase = outcome.Route!.Candidates[0].WorstCaseUsd;
        Assert.Equal((false, team, 0.10m, 0m, 0m, worstCase, 0.10m), (refusal.Granted, refusal.Scope, refusal.CeilingUsd, refusal.SpentUsd, refusal.ReservedUsd, refusal.RequestedUsd, refusal.AvailableUsd));
        Assert.Contains("0.10 USD", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Attempts);
        Assert.Empty(await environment.JobsAsync(marker));
        var environmentQuota = await host.Budgets.GetAsync(team, JobEnvironment.Sandbox);
        Assert.Equal((0m, 0m, 0), (environmentQuota.ReservedUsd, environmentQuota.SpentUsd, environmentQuota.Reservations));
    }

    [Fact]
    public async Task The_environment_quota_refuses_and_the_team_reservation_is_released()
    {
        await using var host = await environment.StartHostAsync(settings => settings["Orchestrator:Budgets:Environments:Staging:MonthlyCeilingUsd"] = "0.05");
        var team = Requests.Team();

        var outcome = await host.RunAsync(Requests.Pinned(team, "fal/kling-v3-standard", Requests.Marker("quota")) with { Environment = JobEnvironment.Staging });

        Assert.Equal(JobStatus.BudgetExceeded, outcome.Status);
        Assert.Equal($"{team}:staging", outcome.Budget!.Scope);
        Assert.Equal(0.05m, outcome.Budget.CeilingUsd);
        var teamBudget = await host.Budgets.GetAsync(team);
        Assert.Equal((0m, 0), (teamBudget.ReservedUsd, teamBudget.Reservations));
    }

    [Fact]
    public async Task Concurrent_jobs_never_reserve_or_spend_past_the_ceiling_and_the_ledger_equals_the_rows()
    {
        const decimal ceiling = 3.00m;
        const int jobs = 16;
        await using var host = await environment.StartHostAsync(settings => settings["Orchestrator:Budgets:Team:MonthlyCeilingUsd"] = "3.00");
        var team = Requests.Team("busy");
        var markers = Enumerable.Range(0, jobs).Select(_ => Requests.Marker("concurrent")).ToList();
        foreach (var marker in markers)
        {
            await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { QueueMs = 200, RunMs = 600 } });
        }

        var ids = await Task.WhenAll(markers.Select(marker => host.StartAsync(Requests.Pinned(team, "fal/kling-v3-standard", marker))));
        var outcomes = await Task.WhenAll(ids.Select(host.OutcomeAsync));

        var succeeded = outcomes.Where(outcome => outcome.Status == JobStatus.Succeeded).ToList();
        var refused = outcomes.Where(outcome => outcome.Status == JobStatus.BudgetExceeded).ToList();
        Assert.Equal(jobs, succeeded.Count + refused.Count);
        Assert.NotEmpty(succeeded);
        Assert.NotEmpty(refused);
        Assert.All(refused, outcome => Assert.True(outcome.Budget!.RequestedUsd > outcome.Budget.AvailableUsd));
        var budget = await host.Budgets.GetAsync(team);
        Assert.True(budget.HighWaterUsd <= ceiling, $"spent + reserved reached {budget.HighWaterUsd} USD, above the {ceiling} USD ceiling");
        Assert.True(budget.SpentUsd <= ceiling);
        Assert.Equal((0m, 0, 0), (budget.ReservedUsd, budget.JobsInFlight, budget.Overruns));
        var rows = await host.CostRowsAsync(team, budget.Month);
        Assert.Equal(succeeded.Count, rows.Count);
        Assert.Equal(budget.SpentUsd, rows.Sum(row => row.CostUsd));
        Assert.Equal(budget.SpentUsd, succeeded.Sum(outcome => outcome.BilledUsd));
        var quota = await host.Budgets.GetAsync(team, JobEnvironment.Sandbox);
        Assert.Equal((budget.SpentUsd, 0m), (quota.SpentUsd, quota.ReservedUsd));
    }
}
