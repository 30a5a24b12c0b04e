using System.Collections.Concurrent;

namespace Orchestrator.Vendors.Webhooks;

/// <summary>Remembers webhook deliveries already accepted, until they could no longer pass the age check anyway.</summary>
public interface IWebhookReplayStore
{
    /// <summary>Marks <paramref name="deliveryKey"/> seen until <paramref name="keepUntil"/>; false when it was already seen.</summary>
    ValueTask<bool> TryMarkSeenAsync(string deliveryKey, DateTimeOffset keepUntil, CancellationToken cancellationToken = default);
}

/// <summary>An in-process replay store with expiry from the injected clock. One host only; a farm needs a shared store (a table row per key).</summary>
public sealed class InMemoryWebhookReplayStore : IWebhookReplayStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private long calls;

    public InMemoryWebhookReplayStore(TimeProvider? time = null) => this.time = time ?? TimeProvider.System;

    public int Count => seen.Count;

    public ValueTask<bool> TryMarkSeenAsync(string deliveryKey, DateTimeOffset keepUntil, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref calls) % 256 == 0)
        {
            foreach (var expired in seen.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToList())
            {
                seen.TryRemove(expired, out _);
            }
        }
        var added = true;
        seen.AddOrUpdate(deliveryKey, keepUntil, (_, until) =>
        {
            added = until <= now;
            return added ? keepUntil : until;
        });
        return ValueTask.FromResult(added);
    }
}
