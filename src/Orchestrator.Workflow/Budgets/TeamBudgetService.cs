using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Costs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>The budget entities through the durable client: reads their state, signals new limits.</summary>
public sealed class TeamBudgetService(DurableTaskClient client, BudgetOptions options, TimeProvider time) : ITeamBudgetService
{
    public Task<BudgetSnapshot> GetAsync(string team, CancellationToken cancellationToken = default) =>
        ReadAsync(TeamBudgetIds.Team(team), null, cancellationToken);

    public Task<BudgetSnapshot> GetAsync(string team, JobEnvironment environment, CancellationToken cancellationToken = default) =>
        ReadAsync(TeamBudgetIds.Environment(team, environment), environment, cancellationToken);

    public Task SetLimitsAsync(string team, BudgetLimits limits, CancellationToken cancellationToken = default) =>
        SignalAsync(TeamBudgetIds.Team(team), limits, cancellationToken);

    public Task SetLimitsAsync(string team, JobEnvironment environment, BudgetLimits limits, CancellationToken cancellationToken = default) =>
        SignalAsync(TeamBudgetIds.Environment(team, environment), limits, cancellationToken);

    private async Task<BudgetSnapshot> ReadAsync(EntityInstanceId id, JobEnvironment? environment, CancellationToken cancellationToken)
    {
        var entity = await client.Entities.GetEntityAsync<TeamBudgetState>(id, includeState: true, cancellation: cancellationToken).ConfigureAwait(false);
        // An entity that is only locked (a job's critical section before its first operation) has no state yet.
        var state = entity is { IncludesState: true } ? entity.State : new TeamBudgetState();
        return state.Snapshot(id.Key, options.For(environment), BookingMonth.Of(time.GetUtcNow()));
    }

    private Task SignalAsync(EntityInstanceId id, BudgetLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        // Checked here too, so a bad limit is refused to the caller instead of failing inside the entity.
        new TeamBudgetState().SetLimits(limits);
        return client.Entities.SignalEntityAsync(id, nameof(TeamBudget.SetLimits), limits, cancellation: cancellationToken);
    }
}
