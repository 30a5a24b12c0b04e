using System.Security.Cryptography;
using System.Text;
using Orchestrator.Storage.Blobs;

namespace Orchestrator.Storage.Queues;

/// <summary>
/// Moves a message that keeps failing out of its queue into a poison queue, with the reason, so it stops being retried and
/// nothing is lost. The poison copy is sent (never expiring) before the original is deleted: a crash between the two leaves
/// a duplicate, never a loss (consumers of the poison queue dedupe by <see cref="PoisonMessage.MessageId"/>).
/// <para>
/// The poison copy wraps the body in JSON (which escapes quotes and non-ASCII text, up to six bytes a character), so a body
/// near the queue's size limit would not fit and could never be moved. Such a body is stored whole in a blob named
/// "{source queue}/{message id}" in the overflow container, and the poison message keeps its start, its size and its SHA-256
/// (<see cref="PoisonMessage.Overflow"/>). Without an overflow container only the start, the size and the hash are kept:
/// the message still leaves the queue, and the hash identifies the original wherever else it was recorded.
/// </para>
/// </summary>
public sealed class PoisonMessageHandler
{
    /// <summary>The most UTF-8 a message may carry: 48 KiB is 64 KiB (the queue's limit) once base64-encoded.</summary>
    private const int MaxMessageBytes = 48 * 1024;

    /// <summary>
    /// How much of an overflowing body, and of a reason, a poison message keeps. JSON spends at most six bytes on a character,
    /// so with the names and the marker such a message stays well under <see cref="MaxMessageBytes"/>.
    /// </summary>
    private const int MaxPreviewChars = 4096;

    private const int MaxReasonChars = 2048;

    private readonly TimeProvider _time;
    private readonly IBlobContainer? _overflow;

    /// <param name="overflow">Where bodies too large to travel in a poison message are kept whole (created if missing); optional.</param>
    public PoisonMessageHandler(IQueueClient source, IQueueClient poison, int maxDequeueCount, TimeProvider? time = null, IBlobContainer? overflow = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDequeueCount, 1);
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Poison = poison ?? throw new ArgumentNullException(nameof(poison));
        MaxDequeueCount = maxDequeueCount;
        _time = time ?? TimeProvider.System;
        _overflow = overflow;
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
        if (reason.Length > MaxReasonChars)
        {
            reason = reason[..MaxReasonChars] + " [reason truncated]";
        }
        var poisoned = new PoisonMessage(Source.Name, message.MessageId, message.Body, message.DequeueCount, reason, message.InsertedOn, _time.GetUtcNow());
        var json = poisoned.ToJson();
        if (Encoding.UTF8.GetByteCount(json) > MaxMessageBytes)
        {
            json = (await OverflowAsync(poisoned, cancellationToken).ConfigureAwait(false)).ToJson();
        }
        await Poison.SendMessageAsync(json, timeToLive: Timeout.InfiniteTimeSpan, cancellationToken: cancellationToken).ConfigureAwait(false);
        await Source.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole original body of a poison message: its <see cref="PoisonMessage.Body"/>, or for one that overflowed, the blob it
    /// was stored in (checked against its SHA-256). Throws <see cref="InvalidOperationException"/> when only its start was kept.
    /// </summary>
    public async Task<string> ReadBodyAsync(PoisonMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Overflow is not { } overflow)
        {
            return message.Body;
        }
        if (overflow.BlobName is not { } blobName || _overflow is null)
        {
            throw new InvalidOperationException(
                $"Only the start of poison message '{message.MessageId}' was kept ({overflow.Length} bytes in all, SHA-256 {overflow.Sha256}): no overflow container was given.");
        }
        var download = (await _overflow.DownloadStreamingAsync(blobName, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        await using (download.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await download.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != overflow.Sha256)
            {
                throw new InvalidDataException($"Blob '{blobName}' does not hold the body of poison message '{message.MessageId}' (its SHA-256 differs).");
            }
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>Stores the whole body in the overflow container (if any); the poison message keeps its start and a marker.</summary>
    private async Task<PoisonMessage> OverflowAsync(PoisonMessage poisoned, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(poisoned.Body);
        string? blobName = null;
        if (_overflow is not null)
        {
            blobName = $"{poisoned.SourceQueue}/{poisoned.MessageId}";
            await _overflow.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            // Overwrite: a move retried after a crash stores the same body again.
            await _overflow.UploadAsync(blobName, new MemoryStream(body, writable: false),
                new BlobUploadOptions { ContentType = "text/plain; charset=utf-8", Overwrite = true }, cancellationToken).ConfigureAwait(false);
        }
        var overflow = new PoisonBodyOverflow(body.Length, Convert.ToHexStringLower(SHA256.HashData(body)), blobName);
        var marker = $" [truncated: {overflow.Length} bytes in all, SHA-256 {overflow.Sha256}"
            + (blobName is null ? "]" : $", whole body in blob '{blobName}' of container '{_overflow!.Name}']");
        var keep = Math.Min(poisoned.Body.Length, MaxPreviewChars);
        if (keep > 0 && char.IsHighSurrogate(poisoned.Body[keep - 1]))
        {
            keep--; // never split a character
        }
        return poisoned with { Body = poisoned.Body[..keep] + marker, Overflow = overflow };
    }
}
