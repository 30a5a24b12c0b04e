using Orchestrator.Storage;
using Orchestrator.Storage.Tables;
using Orchestrator.Workflow.Configuration;

namespace Orchestrator.Workflow.Webhooks;

/// <summary>
/// Deletes the rows of <see cref="TableWebhookReplayStore"/> whose keep-until passed more than
/// <see cref="WebhookDeliverySweepOptions.Margin"/> ago: the delivery each remembers could no longer pass the vendor's age
/// check, and the replay check would take the row over anyway. Rows are read a page at a time and deleted with one
/// transaction per partition, each only if unchanged since it was read (a row taken over by a late copy meanwhile holds a
/// new keep-until and stays). A run stops after <see cref="WebhookDeliverySweepOptions.MaxRowsPerRun"/> rows; any number
/// of hosts may sweep the same table at once.
/// </summary>
public sealed class WebhookDeliverySweep(WorkflowStorage storage, TimeProvider time)
{
    /// <summary>Rows per page, so a page's rows of one partition never exceed the 100 operations of one transaction.</summary>
    private const int PageSize = 100;

    private static readonly string[] Columns = ["PartitionKey", "RowKey", TableWebhookReplayStore.KeepUntilColumn];

    public async Task<WebhookDeliverySweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var options = storage.Options.WebhookDeliverySweep;
        var table = storage.WebhookDeliveries;
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        var cutoff = time.GetUtcNow() - options.Margin;
        var filter = $"{TableWebhookReplayStore.KeepUntilColumn} lt {TableFilter.Literal(cutoff)}";
        var (read, deleted) = (0, 0);
        await foreach (var page in table.QueryAsync(filter, Columns, PageSize, cancellationToken).AsPages().ConfigureAwait(false))
        {
            var rows = page.Values.Take(options.MaxRowsPerRun - read).ToList();
            read += rows.Count;
            foreach (var partition in rows.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
            {
                deleted += await DeleteAsync(table, partition.ToList(), cancellationToken).ConfigureAwait(false);
            }
            if (read == options.MaxRowsPerRun)
            {
                return new WebhookDeliverySweepResult(deleted, More: rows.Count < page.Values.Count || page.ContinuationToken is not null);
            }
        }
        return new WebhookDeliverySweepResult(deleted, More: false);
    }

    /// <summary>Deletes one partition's rows together; when one of them changed since it was read, the others one by one.</summary>
    private static async Task<int> DeleteAsync(ITableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count > 1)
        {
            try
            {
                await table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)), cancellationToken)
                    .ConfigureAwait(false);
                return rows.Count;
            }
            catch (TableTransactionFailedException exception) when (ChangedSinceRead(exception))
            {
                // Nothing of it was applied.
            }
        }
        var deleted = 0;
        foreach (var row in rows)
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (StorageRequestFailedException exception) when (ChangedSinceRead(exception))
            {
                // Left as it now is.
            }
        }
        return deleted;
    }

    /// <summary>The row was taken over by a late copy of its delivery (412), or deleted by another sweep (404), since it was read.</summary>
    private static bool ChangedSinceRead(StorageRequestFailedException exception) => exception.IsPreconditionFailed || exception.IsNotFound;
}

/// <summary>What one sweep did: the rows it deleted, and whether it stopped at its bound with expired rows possibly left.</summary>
public sealed record WebhookDeliverySweepResult(int Deleted, bool More);
