using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>
/// Default budget limits, bound from <see cref="SectionName"/>: one for every team (Team) and one per environment
/// (Environments:Sandbox, :Staging, :Production), the sandbox lowest. A team's own limits, set through
/// <see cref="ITeamBudgetService.SetLimitsAsync(string, BudgetLimits, CancellationToken)"/>, replace them.
/// </summary>
public sealed record BudgetOptions
{
    public const string SectionName = "Orchestrator:Budgets";

    public BudgetDefaults Team { get; init; } = new() { MonthlyCeilingUsd = 1000m, MaxRegenerations = 3 };

    public EnvironmentBudgets Environments { get; init; } = new();

    public BudgetDefaults For(JobEnvironment? environment) => environment switch
    {
        null => Team,
        JobEnvironment.Sandbox => Environments.Sandbox,
        JobEnvironment.Staging => Environments.Staging,
        JobEnvironment.Production => Environments.Production,
        _ => throw new ArgumentOutOfRangeException(nameof(environment), environment, "Unknown environment."),
    };
}

/// <summary>The per-environment quotas a team gets by default.</summary>
public sealed record EnvironmentBudgets
{
    public BudgetDefaults Sandbox { get; init; } = new() { MonthlyCeilingUsd = 25m, MaxRegenerations = 1 };

    public BudgetDefaults Staging { get; init; } = new() { MonthlyCeilingUsd = 100m, MaxRegenerations = 2 };

    public BudgetDefaults Production { get; init; } = new() { MonthlyCeilingUsd = 1000m, MaxRegenerations = 3 };
}

/// <summary>A monthly ceiling in USD (calendar month, UTC) and the regenerations (failover attempts) a job may use.</summary>
public sealed record BudgetDefaults
{
    public decimal MonthlyCeilingUsd { get; init; }

    public int MaxRegenerations { get; init; }
}
