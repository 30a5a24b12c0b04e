using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Orchestrator.Storage;
using Orchestrator.Storage.Tables;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Costs;

/// <summary>
/// The cost rows in Table storage (the table is created on first use): write one per attempt (the first write stands),
/// find an attempt's row, read a team's month, mark approvals.
/// </summary>
public sealed class CostLedger(WorkflowStorage storage)
{
    private const char KeySeparator = '|';

    // A hold older than two years is not looked for further back than that.
    private const int MonthsSearched = 24;
    private readonly ITableClient table = storage.Costs;
    private readonly TypedTableClient<CostRow> rows = new(storage.Costs);

    public static string Partition(string team, string month) => $"{team}{KeySeparator}{BookingMonth.Require(month, nameof(month))}";

    /// <summary>"{instance id}~{run id}|a{attempt:00}": a job started again under a purged instance id gets rows of its own.</summary>
    public static string RowKey(JobRunId run, int attempt)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(CultureInfo.InvariantCulture, $"{run.Key}{KeySeparator}a{attempt:00}");
    }

    /// <summary>
    /// Writes the row unless the attempt already has one, and returns the row that stands: the first write of an attempt
    /// wins, so a redelivered activity (the same row) and the release of an ended job's holds (which respects a row the
    /// job wrote) never replace a booked cost.
    /// </summary>
    public async Task<CostRow> AddOrGetAsync(CostRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            await rows.AddAsync(row, cancellationToken).ConfigureAwait(false);
            return row;
        }
        catch (StorageRequestFailedException exception) when (exception.IsConflict)
        {
            return await GetAsync(row.PartitionKey, row.RowKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The cost row {row.PartitionKey}/{row.RowKey} conflicted on insert and then could not be read.");
        }
    }

    /// <summary>An attempt's row, looked for in each month from <paramref name="fromMonth"/> to <paramref name="toMonth"/> (newest first).</summary>
    public async Task<CostRow?> FindAsync(string team, JobRunId run, int attempt, string fromMonth, string toMonth, CancellationToken cancellationToken)
    {
        var month = BookingMonth.Require(toMonth, nameof(toMonth));
        BookingMonth.Require(fromMonth, nameof(fromMonth));
        for (var looked = 0; looked < MonthsSearched && string.CompareOrdinal(month, fromMonth) >= 0; looked++, month = BookingMonth.Previous(month))
        {
            if (await GetAsync(Partition(team, month), RowKey(run, attempt), cancellationToken).ConfigureAwait(false) is { } row)
            {
                return row;
            }
        }
        return null;
    }

    public async Task<CostRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await rows.GetAsync(partitionKey, rowKey, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Every row of a team's month (one partition).</summary>
    public IAsyncEnumerable<CostRow> MonthAsync(string team, string month, CancellationToken cancellationToken) =>
        QueryAsync(TableFilter.Create($"PartitionKey eq {Partition(team, month)}"), cancellationToken);

    /// <summary>Rows matching an OData filter on their columns, across partitions (a scan unless it names the partition).</summary>
    public async IAsyncEnumerable<CostRow> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        await foreach (var row in rows.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>Marks a row approved (merge: nothing else changes); false when the row does not exist.</summary>
    public async Task<bool> ApproveAsync(string partitionKey, string rowKey, string approvedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var approval = new TableEntity(partitionKey, rowKey, new Dictionary<string, object>
        {
            [nameof(CostRow.Approved)] = true,
            [nameof(CostRow.ApprovedAt)] = at,
            [nameof(CostRow.ApprovedBy)] = approvedBy,
        });
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(approval, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            return false;
        }
    }
}
