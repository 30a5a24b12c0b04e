using System.Globalization;
using Azure;
using Orchestrator.Storage;
using Orchestrator.Storage.Tables;

namespace Orchestrator.Workflow.Costs;

/// <summary>The cost rows in Table storage: write one per attempt (idempotently), read a team's month, mark approvals.</summary>
public sealed class CostLedger(ITableClient table)
{
    private const char KeySeparator = '|';
    private readonly TypedTableClient<CostRow> rows = new(table);

    public ITableClient Table => table;

    public static string Partition(string team, string month) => $"{team}{KeySeparator}{BookingMonth.Require(month, nameof(month))}";

    public static string RowKey(string instanceId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}{KeySeparator}a{attempt:00}");

    /// <summary>Writes the row; a second write of the same attempt (a redelivered activity) replaces it in place.</summary>
    public async Task WriteAsync(CostRow row, CancellationToken cancellationToken)
    {
        await rows.UpsertAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CostRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
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
        rows.QueryAsync(TableFilter.Create($"PartitionKey eq {Partition(team, month)}"), cancellationToken: cancellationToken);

    /// <summary>Rows whose column <paramref name="filter"/> matches, across teams (a scan: for reports).</summary>
    public IAsyncEnumerable<CostRow> QueryAsync(string filter, CancellationToken cancellationToken) =>
        rows.QueryAsync(filter, cancellationToken: cancellationToken);

    /// <summary>Marks a row approved (merge: nothing else changes); false when the row does not exist.</summary>
    public async Task<bool> ApproveAsync(string partitionKey, string rowKey, string approvedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var approval = new TableEntity(partitionKey, rowKey, new Dictionary<string, object>
        {
            [nameof(CostRow.Approved)] = true,
            [nameof(CostRow.ApprovedAt)] = at,
            [nameof(CostRow.ApprovedBy)] = approvedBy,
        });
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
