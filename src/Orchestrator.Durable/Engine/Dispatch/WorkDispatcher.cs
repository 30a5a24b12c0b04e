using System.Collections.Concurrent;
using System.Threading.Channels;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>
/// Receives the writer's news (instances this process owns that have work, leased activities, finished instances)
/// and runs it: a pool of step loops for orchestrations and entities, a pool of activity loops, and a sweeper that
/// drops cached sessions beyond the cache limit (the store stays the source of truth; they are rebuilt by replay).
/// </summary>
internal sealed class WorkDispatcher : IWorkSink, IDisposable
{
    private readonly ConcurrentDictionary<string, InstanceSlot> _slots = new(StringComparer.Ordinal);
    private readonly Channel<InstanceSlot> _ready = Channel.CreateUnbounded<InstanceSlot>();
    private readonly Channel<ActivityWorkItem> _activities = Channel.CreateUnbounded<ActivityWorkItem>();
    private readonly EngineServices _services;
    private readonly CompletionWaiters _waiters;
    private readonly OrchestrationStepRunner _orchestrations;
    private readonly EntityStepRunner _entities;
    private readonly ActivityRunner _activityRunner;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _activityBacklog;
    private int _sweeping;
    private long _lastSweep;

    public WorkDispatcher(EngineServices services, CompletionWaiters waiters)
    {
        _services = services;
        _waiters = waiters;
        _orchestrations = new OrchestrationStepRunner(services);
        _entities = new EntityStepRunner(services);
        _activityRunner = new ActivityRunner(services);
    }

    public int ActivityBacklog => Volatile.Read(ref _activityBacklog);

    public void Start()
    {
        for (int i = 0; i < _services.Options.OrchestrationConcurrency; i++)
        {
            _loops.Add(Task.Run(StepLoop));
        }
        for (int i = 0; i < _services.Options.ActivityConcurrency; i++)
        {
            _loops.Add(Task.Run(ActivityLoop));
        }
    }

    /// <summary>Stops taking work and waits for running steps and activities, until <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _ready.Writer.TryComplete();
        _activities.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: activities still running are abandoned; their leases are handed back and they run again elsewhere.
        }
    }

    public void Dispose() => _stopping.Dispose();

    public bool IsOwned(string instanceId) => _slots.TryGetValue(instanceId, out InstanceSlot? slot) && !slot.Released;

    public void OnReady(string instanceId)
    {
        while (true)
        {
            InstanceSlot slot = _slots.GetOrAdd(instanceId, id => new InstanceSlot(id));
            if (slot.Notify())
            {
                _ready.Writer.TryWrite(slot);
            }
            if (!slot.Retired)
            {
                return;
            }
            _slots.TryRemove(new KeyValuePair<string, InstanceSlot>(instanceId, slot));
        }
    }

    public void OnReleased(string instanceId)
    {
        if (_slots.TryGetValue(instanceId, out InstanceSlot? slot) && slot.MarkReleased())
        {
            _slots.TryRemove(new KeyValuePair<string, InstanceSlot>(instanceId, slot));
        }
    }

    public void OnFinished(string instanceId) => _waiters.Signal(instanceId);

    public void OnActivity(ActivityWorkItem item)
    {
        Interlocked.Increment(ref _activityBacklog);
        _activities.Writer.TryWrite(item);
    }

    private async Task StepLoop()
    {
        await foreach (InstanceSlot slot in _ready.Reader.ReadAllAsync(CancellationToken.None))
        {
            slot.BeginRun();
            try
            {
                if (await (slot.IsEntity ? _entities.RunAsync(slot) : _orchestrations.RunAsync(slot)))
                {
                    slot.Notify();
                }
            }
            catch (LeaseLostException)
            {
                slot.Session = null;
                slot.MarkReleased();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The messages stay in the store: rebuild from it and try again shortly.
                slot.Session = null;
                if (!_stopping.IsCancellationRequested)
                {
                    EngineLog.StepFailed(_services.Logger, ex, slot.Id);
                    _ = RetryLaterAsync(slot.Id);
                }
            }
            slot.LastUsed = Environment.TickCount64;
            if (slot.EndRun(out bool retired))
            {
                _ready.Writer.TryWrite(slot);
            }
            else if (retired)
            {
                _slots.TryRemove(new KeyValuePair<string, InstanceSlot>(slot.Id, slot));
            }
            SweepIfNeeded();
        }
    }

    private async Task RetryLaterAsync(string instanceId)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _services.Time, _stopping.Token);
            OnReady(instanceId);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the next start polls the store.
        }
    }

    private async Task ActivityLoop()
    {
        await foreach (ActivityWorkItem item in _activities.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (!_stopping.IsCancellationRequested)
                {
                    await _activityRunner.RunAsync(item, _stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopping: the lease lapses and another worker (or the next start) runs the activity again.
            }
            catch (ObjectDisposedException)
            {
                // The writer stopped first; same as above.
            }
            if (Interlocked.Decrement(ref _activityBacklog) < _services.Options.MaxLocalActivityBacklog / 4)
            {
                _services.Writer.RequestPoll();
            }
        }
    }

    /// <summary>Keeps at most MaxCachedOrchestrations sessions in memory, dropping the least recently used idle ones.</summary>
    private void SweepIfNeeded()
    {
        int limit = _services.Options.MaxCachedOrchestrations;
        long now = Environment.TickCount64;
        if (_slots.Count <= limit || now - Volatile.Read(ref _lastSweep) < 500 || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }
        Volatile.Write(ref _lastSweep, now);
        try
        {
            InstanceSlot[] cached = _slots.Values.Where(s => s.Session is not null && s.IsIdle).ToArray();
            int excess = cached.Length - limit;
            if (excess > 0)
            {
                foreach (InstanceSlot slot in cached.OrderBy(s => s.LastUsed).Take(excess))
                {
                    slot.Session = null;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
