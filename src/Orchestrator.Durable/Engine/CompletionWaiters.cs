using System.Collections.Concurrent;

namespace Orchestrator.Durable.Engine;

/// <summary>Wakes in-process waiters when an instance finishes, so waiting for completion need not poll quickly.</summary>
internal sealed class CompletionWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public Task WhenSignalled(string instanceId) =>
        _waiters.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(string instanceId)
    {
        if (_waiters.TryRemove(instanceId, out TaskCompletionSource? waiter))
        {
            waiter.TrySetResult();
        }
    }
}
