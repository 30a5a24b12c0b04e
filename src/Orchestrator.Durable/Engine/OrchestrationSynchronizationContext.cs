namespace Orchestrator.Durable.Engine;

/// <summary>
/// Runs orchestrator code on one thread: every continuation is queued here and executed in order until nothing is
/// left, so replay is deterministic and orchestrator code never runs concurrently with itself.
/// </summary>
internal sealed class OrchestrationSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _gate = new();
    private int _runningThread = -1;

    /// <summary>True when called from the thread currently running orchestrator code.</summary>
    public bool IsOrchestratorThread => Volatile.Read(ref _runningThread) == Environment.CurrentManagedThreadId;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Orchestrations do not support synchronous sends.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> and then every continuation it causes, on the calling thread.</summary>
    public void Run(Action action)
    {
        SynchronizationContext? previous = Current;
        SetSynchronizationContext(this);
        Volatile.Write(ref _runningThread, Environment.CurrentManagedThreadId);
        try
        {
            action();
            while (TryDequeue(out (SendOrPostCallback Callback, object? State) item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            Volatile.Write(ref _runningThread, -1);
            SetSynchronizationContext(previous);
        }
    }

    private bool TryDequeue(out (SendOrPostCallback, object?) item)
    {
        lock (_gate)
        {
            return _queue.TryDequeue(out item);
        }
    }
}
