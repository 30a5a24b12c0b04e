namespace Orchestrator.Storage.Queues;

/// <summary>
/// The queue operations the application uses, on one queue. The seam the rest of the app depends on: implemented here by
/// <see cref="QueueClient"/> on Azure.Core, and implementable by an adapter over Azure.Storage.Queues' QueueClient.
/// <see cref="PoisonMessageHandler"/> is built on this interface.
/// </summary>
public interface IQueueClient
{
    /// <summary>The queue's name.</summary>
    string Name { get; }

    /// <summary>Creates the queue. The value is true if this call created it, false if it existed.</summary>
    Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a message (at most 48 KiB of UTF-8 text when base64-encoded), invisible for <paramref name="visibilityDelay"/>, kept for <paramref name="timeToLive"/> (default 7 days; <see cref="Timeout.InfiniteTimeSpan"/>: forever).</summary>
    Task<Response<SendReceipt>> SendMessageAsync(string body, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <paramref name="maxMessages"/> (1-32) messages, hiding them for <paramref name="visibilityTimeout"/> (default 30 s).</summary>
    Task<Response<IReadOnlyList<QueueMessage>>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default);

    /// <summary>Looks at up to <paramref name="maxMessages"/> (1-32) visible messages without receiving them.</summary>
    Task<Response<IReadOnlyList<PeekedMessage>>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message; 400 PopReceiptMismatch if the receipt is stale (the message was received or updated since), 404 MessageNotFound if it is gone.</summary>
    Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default);

    /// <summary>Changes when a received message becomes visible again (zero: now), and optionally its body.</summary>
    Task<Response<UpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? body = null, CancellationToken cancellationToken = default);

    /// <summary>The queue's approximate message count.</summary>
    Task<Response<QueueProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default);
}
