using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Costs;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>Reserving and settling on the team budget and the team+environment quota.</summary>
internal sealed partial class JobRun
{
    private EntityInstanceId TeamBudgetId => TeamBudgetIds.Team(request.Team);

    private EntityInstanceId EnvironmentBudgetId => TeamBudgetIds.Environment(request.Team, request.Environment);

    /// <summary>
    /// Reserves the worst case on both budgets in one critical section, so a job holds both or neither: a refusal by the
    /// quota releases the team's reservation before the locks are let go. The month is the orchestration's.
    /// </summary>
    private async Task<Reservation> ReserveAsync(int attempt, decimal amountUsd)
    {
        var month = BookingMonth.Of(Now);
        var reservation = new BudgetReservation(Run, attempt, month, amountUsd, Now);
        await using (await context.Entities.LockEntitiesAsync(TeamBudgetId, EnvironmentBudgetId))
        {
            var team = await context.Entities.CallEntityAsync<BudgetDecision>(TeamBudgetId, nameof(TeamBudget.Reserve), reservation);
            if (!team.Granted)
            {
                return new Reservation(team, team.MaxRegenerations);
            }
            var environment = await context.Entities.CallEntityAsync<BudgetDecision>(EnvironmentBudgetId, nameof(TeamBudget.Reserve), reservation);
            if (!environment.Granted)
            {
                await context.Entities.CallEntityAsync(TeamBudgetId, nameof(TeamBudget.Release), new BudgetRelease(Run, attempt, month));
                return new Reservation(environment, environment.MaxRegenerations);
            }
            return new Reservation(null, Math.Min(team.MaxRegenerations, environment.MaxRegenerations));
        }
    }

    /// <summary>Books an attempt's cost (its cost row's amount, in its row's month) and drops its reservation, on both budgets.</summary>
    private async Task SettleAsync(int attempt, string month, decimal costUsd)
    {
        var settlement = new BudgetSettlement(Run, attempt, month, costUsd);
        await context.Entities.CallEntityAsync<BudgetSnapshot>(TeamBudgetId, nameof(TeamBudget.Settle), settlement);
        await context.Entities.CallEntityAsync<BudgetSnapshot>(EnvironmentBudgetId, nameof(TeamBudget.Settle), settlement);
    }

    /// <summary>A granted reservation (no refusal) and the regenerations the budgets allow.</summary>
    private sealed record Reservation(BudgetDecision? Refusal, int MaxRegenerations);
}
