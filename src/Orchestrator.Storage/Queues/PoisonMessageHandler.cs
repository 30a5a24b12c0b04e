namespace Orchestrator.Storage.Queues;

/// <summary>
/// Moves a message that keeps failing out of its queue into a poison queue, with the reason, so it stops being retried and
/// nothing is lost. The poison copy is sent (never expiring) before the original is deleted: a crash between the two leaves
/// a duplicate, never a loss (consumers of the poison queue dedupe by <see cref="PoisonMessage.MessageId"/>).
/// </summary>
public sealed class PoisonMessageHandler
{
    private readonly TimeProvider _time;

    public PoisonMessageHandler(IQueueClient source, IQueueClient poison, int maxDequeueCount, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDequeueCount, 1);
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Poison = poison ?? throw new ArgumentNullException(nameof(poison));
        MaxDequeueCount = maxDequeueCount;
        _time = time ?? TimeProvider.System;
    }

    public IQueueClient Source { get; }

    public IQueueClient Poison { get; }

    /// <summary>How many deliveries a message gets before its next failure sends it to the poison queue.</summary>
    public int MaxDequeueCount { get; }

    /// <summary>The conventional poison queue name for a queue (as the Azure Functions queue trigger names it).</summary>
    public static string NameFor(string queueName) => queueName + "-poison";

    /// <summary>
    /// Reports that handling <paramref name="message"/> failed. If it has had its <see cref="MaxDequeueCount"/> deliveries it
    /// moves to the poison queue with the reason (returns true); otherwise it becomes visible again after
    /// <paramref name="retryAfter"/> for another try (returns false).
    /// </summary>
    public async Task<bool> ReportFailureAsync(QueueMessage message, string reason, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DequeueCount >= MaxDequeueCount)
        {
            await MoveAsync(message, reason, cancellationToken).ConfigureAwait(false);
            return true;
        }
        await Source.UpdateMessageAsync(message.MessageId, message.PopReceipt, retryAfter, cancellationToken: cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// For a freshly received message: if it was delivered more often than allowed (its earlier receivers crashed before
    /// reporting), moves it to the poison queue and returns true; the caller must then not handle it.
    /// </summary>
    public async Task<bool> MoveIfOverdueAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DequeueCount <= MaxDequeueCount)
        {
            return false;
        }
        await MoveAsync(message, $"Delivered {message.DequeueCount} times without being completed (limit {MaxDequeueCount}).", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Moves the message to the poison queue now, with the reason.</summary>
    public async Task MoveAsync(QueueMessage message, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var poisoned = new PoisonMessage(Source.Name, message.MessageId, message.Body, message.DequeueCount, reason, message.InsertedOn, _time.GetUtcNow());
        await Poison.SendMessageAsync(poisoned.ToJson(), timeToLive: Timeout.InfiniteTimeSpan, cancellationToken: cancellationToken).ConfigureAwait(false);
        await Source.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
    }
}
