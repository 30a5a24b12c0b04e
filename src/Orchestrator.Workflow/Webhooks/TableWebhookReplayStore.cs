using System.Security.Cryptography;
using System.Text;
using Azure;
using Orchestrator.Storage;
using Orchestrator.Storage.Tables;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Configuration;

namespace Orchestrator.Workflow.Webhooks;

/// <summary>
/// Webhook deliveries already accepted, shared by every process on the same storage (local hosts, the Functions app):
/// one row per delivery in the webhook deliveries table, kept until the time the caller gives (the delivery could no
/// longer pass the vendor's age check after it, as with <see cref="InMemoryWebhookReplayStore"/>). The first insert of a
/// delivery wins; an insert that conflicts is a replay, unless the row it met has expired: that row is taken over with an
/// ETag-conditional replace, so of two late copies only one passes. Rows are keyed by the SHA-256 of the delivery key
/// (vendor ids may hold characters table keys forbid), partitioned by its first byte. <see cref="WebhookDeliverySweep"/>
/// deletes expired rows.
/// </summary>
public sealed class TableWebhookReplayStore(WorkflowStorage storage, TimeProvider time) : IWebhookReplayStore
{
    internal const string KeepUntilColumn = "KeepUntil";
    private const string DeliveryColumn = "DeliveryKey";
    private readonly ITableClient table = storage.WebhookDeliveries;

    public async ValueTask<bool> TryMarkSeenAsync(string deliveryKey, DateTimeOffset keepUntil, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));
        var row = new TableEntity(hash[..2], hash, new Dictionary<string, object>
        {
            [DeliveryColumn] = deliveryKey,
            [KeepUntilColumn] = keepUntil,
        });
        await storage.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        return await TryAddAsync(row, cancellationToken).ConfigureAwait(false) || await TakeOverExpiredAsync(row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the row <paramref name="row"/> met if it has expired; false (a replay) while it holds.</summary>
    private async Task<bool> TakeOverExpiredAsync(TableEntity row, CancellationToken cancellationToken)
    {
        TableEntity seen;
        try
        {
            seen = (await table.GetEntityAsync(row.PartitionKey, row.RowKey, [KeepUntilColumn], cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            // Deleted in between: the delivery is not held by anyone, so this one is the first again.
            return await TryAddAsync(row, cancellationToken).ConfigureAwait(false);
        }
        if (seen.Properties.GetValueOrDefault(KeepUntilColumn) is DateTimeOffset until && until > time.GetUtcNow())
        {
            return false;
        }
        try
        {
            await table.UpdateEntityAsync(row, seen.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestFailedException exception) when (exception.IsPreconditionFailed)
        {
            return false;
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            // Deleted by the sweep (WebhookDeliverySweep) in between, as above.
            return await TryAddAsync(row, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Inserts the row; false when one with its key is already there.</summary>
    private async Task<bool> TryAddAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestFailedException exception) when (exception.IsConflict)
        {
            return false;
        }
    }
}
