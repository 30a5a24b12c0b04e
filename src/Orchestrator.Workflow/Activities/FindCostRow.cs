using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>A job run's attempt whose cost row may already exist, and the months it may have been booked in (oldest, newest).</summary>
public sealed record CostRowLookup(string Team, JobRunId Run, int Attempt, string FromMonth, string ToMonth);

/// <summary>
/// Finds the cost row an ended job may have written for an attempt before it stopped (the row is written before the
/// budgets are settled): the release of its holds books that row's amount instead of pricing the attempt again.
/// </summary>
public sealed class FindCostRow(CostLedger ledger) : TaskActivity<CostRowLookup, CostLine?>
{
    public override async Task<CostLine?> RunAsync(TaskActivityContext context, CostRowLookup input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await ledger.FindAsync(input.Team, input.Run, input.Attempt, input.FromMonth, input.ToMonth, CancellationToken.None).ConfigureAwait(false);
        return row is null ? null : CostLine.Of(row);
    }
}
