using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>Reads and sets a team's budgets (the team ceiling and each environment's quota) for hosts and operators.</summary>
public interface ITeamBudgetService
{
    /// <summary>The team's budget as of the current month (a team that never ran a job shows its configured limits).</summary>
    Task<BudgetSnapshot> GetAsync(string team, CancellationToken cancellationToken = default);

    /// <summary>The quota of one of the team's environments, as of the current month.</summary>
    Task<BudgetSnapshot> GetAsync(string team, JobEnvironment environment, CancellationToken cancellationToken = default);

    /// <summary>Sets the team's own limits (null fields return to configuration). Applied in order with the entity's other operations.</summary>
    Task SetLimitsAsync(string team, BudgetLimits limits, CancellationToken cancellationToken = default);

    /// <summary>Sets one environment's quota for the team.</summary>
    Task SetLimitsAsync(string team, JobEnvironment environment, BudgetLimits limits, CancellationToken cancellationToken = default);
}
