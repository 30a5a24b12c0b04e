using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>
/// The budget entity of a team ("@teambudget@studio-a") or of one of its environments ("@teambudget@studio-a:sandbox"):
/// a monthly ceiling in USD, what is reserved and spent, jobs in flight and the regenerations a job may use. Operations
/// run one at a time per entity, so a reservation is checked and taken atomically; the rules are in
/// <see cref="TeamBudgetState"/>. Limits default to configuration (<see cref="BudgetOptions"/>) until the team sets its own.
/// </summary>
public sealed class TeamBudget(BudgetOptions options) : TaskEntity<TeamBudgetState>
{
    public BudgetDecision Reserve(BudgetReservation reservation) => State.Reserve(Scope, Defaults, reservation);

    public BudgetSnapshot Settle(BudgetSettlement settlement)
    {
        State.Settle(settlement);
        return Snapshot();
    }

    public BudgetSnapshot Release(BudgetRelease release)
    {
        State.Release(release);
        return Snapshot();
    }

    public BudgetSnapshot SetLimits(BudgetLimits limits)
    {
        State.SetLimits(limits);
        return Snapshot();
    }

    public BudgetSnapshot Get() => Snapshot();

    /// <summary>What one job run still holds here (read by the release of an ended job's holds).</summary>
    public List<HeldReservation> Holds(JobRunId run) => State.HeldBy(run);

    private string Scope => Context.Id.Key;

    private BudgetDefaults Defaults => options.For(TeamBudgetIds.EnvironmentOf(Scope));

    private BudgetSnapshot Snapshot() => State.Snapshot(Scope, Defaults);
}
