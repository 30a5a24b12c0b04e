using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Orchestrator.Storage;
using Orchestrator.Storage.Tables;
using Orchestrator.Workflow.Configuration;

namespace Orchestrator.Workflow.Costs;

/// <summary>
/// The cost rows in Table storage (the table is created on first use): write one per attempt (idempotently), read a
/// team's month, mark approvals.
/// </summary>
public sealed class CostLedger(WorkflowStorage storage)
{
    private const char KeySeparator = '|';
    private readonly ITableClient table = storage.Costs;
    private readonly TypedTableClient<CostRow> rows = new(storage.Costs);

    public static string Partition(string team, string month) => $"{team}{KeySeparator}{BookingMonth.Require(month, nameof(month))}";

    public static string RowKey(string instanceId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}{KeySeparator}a{attempt:00}");

    /// <summary>Writes the row; a second write of the same attempt (a redelivered activity) replaces it in place.</summary>
    public async Task WriteAsync(CostRow row, CancellationToken cancellationToken)
    {
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        await rows.UpsertAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
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
