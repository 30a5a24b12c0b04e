using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Durable.Engine;

namespace Orchestrator.Durable.Store;

/// <summary>
/// The single writer of this process. Callers queue <see cref="WriteOp"/>s; one thread takes everything queued and
/// commits it in one transaction (group commit), so under load many orchestration steps, activity results and client
/// calls share one fsync-free WAL commit, while an idle engine commits each op immediately. The same thread polls
/// for due timers, foreign work and expired leases, and renews this process's leases.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const int MaxBatch = 512;
    private readonly ConcurrentQueue<WriteOp> _queue = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly SqliteStore _store;
    private readonly WriterSettings _settings;
    private readonly IWorkSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile bool _claimsStopped;
    private volatile bool _pollWanted = true;
    private long _nextTimerDue = long.MaxValue;
    private long _nextPoll;
    private long _nextRenew;
    private long _lastPoll;

    public StoreWriter(SqliteStore store, WriterSettings settings, IWorkSink sink, TimeProvider time, ILogger logger)
    {
        _store = store;
        _settings = settings;
        _sink = sink;
        _time = time;
        _logger = logger;
        _thread = new Thread(Loop) { IsBackground = true, Name = "durable-store-writer" };
    }

    /// <summary>Write transactions committed so far (for the benchmark's commits-per-orchestration figure).</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    private long _commits;
    private int _disposed;

    public void Start() => _thread.Start();

    public Task<T> Submit<T>(WriteOp<T> op)
    {
        if (_stopping)
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(StoreWriter), "The durable engine is stopping."));
        }
        _queue.Enqueue(op);
        _signal.Set();
        return op.Task;
    }

    /// <summary>
    /// Stops polling for work (a graceful stop). Without it, a poll committed in the same batch as the stop's lease
    /// hand-back would lease work again for a process that will not run it. Leases are still renewed: the steps and
    /// activities still running keep theirs until they finish and the stop hands every lease back (a renewal after
    /// that finds none left), so no other worker runs them meanwhile.
    /// </summary>
    public void StopClaiming() => _claimsStopped = true;

    /// <summary>Asks for a poll soon (e.g. the local activity backlog ran low).</summary>
    public void RequestPoll()
    {
        _pollWanted = true;
        _signal.Set();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _stopping = true;
        _signal.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        var late = new List<WriteOp>();
        while (_queue.TryDequeue(out WriteOp? op))
        {
            late.Add(op);
        }
        FailAll(late);
        _signal.Dispose();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Loop()
    {
        using PreparedCommands db = _store.Open(writer: true);
        var context = new WriteContext(db, _settings.WorkerId, _settings.LeaseDuration, _settings.ClaimWork, _sink);
        var batch = new List<WriteOp>(MaxBatch);
        while (true)
        {
            bool renew = _settings.ClaimWork;
            bool claim = renew && !_claimsStopped;
            long now = Now;
            long wake = Math.Min(claim ? Math.Min(_nextTimerDue, _nextPoll) : long.MaxValue, renew ? _nextRenew : long.MaxValue) - now;
            if (_queue.IsEmpty && (!_pollWanted || !claim) && wake > 0 && !_stopping)
            {
                _signal.Wait(TimeSpan.FromMilliseconds(Math.Min(wake, 1000)));
            }
            _signal.Reset();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out WriteOp? op))
            {
                batch.Add(op);
            }
            if (_stopping)
            {
                FailAll(batch);
                return;
            }
            now = Now;
            PollOp? poll = null;
            if (claim && (_pollWanted || now >= _nextTimerDue || now >= _nextPoll))
            {
                _pollWanted = false;
                _nextPoll = now + (long)_settings.PollingInterval.TotalMilliseconds;
                poll = new PollOp(_settings, _sink.ActivityBacklog, _lastPoll);
                _lastPoll = now;
                _nextTimerDue = long.MaxValue; // the poll finds the next due time (if it fails, the next poll does)
                batch.Add(poll);
            }
            if (renew && now >= _nextRenew)
            {
                _nextRenew = now + (long)(_settings.LeaseDuration.TotalMilliseconds / 3);
                batch.Add(new RenewLeasesOp());
            }
            if (batch.Count > 0)
            {
                Commit(db, context, batch, now, poll);
                batch.Clear();
            }
        }
    }

    /// <summary>
    /// Commits the batch optimistically without per-op savepoints (they would double the statement count). If an op
    /// throws, the whole transaction is rolled back, that op alone fails, and the rest is run again.
    /// </summary>
    private void Commit(PreparedCommands db, WriteContext context, List<WriteOp> batch, long now, PollOp? poll)
    {
        var pending = new List<WriteOp>(batch);
        var effects = new WriteEffects[pending.Count];
        while (pending.Count > 0)
        {
            context.BeginBatch(now, Math.Max(0, _settings.MaxLocalActivityBacklog - _sink.ActivityBacklog));
            int failed = -1;
            Exception? failure = null;
            try
            {
                db.Execute("BEGIN IMMEDIATE");
                for (int i = 0; i < pending.Count && failed < 0; i++)
                {
                    effects[i] = context.Effects = new WriteEffects();
                    try
                    {
                        pending[i].Execute(context);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException and not Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 10 or 13 })
                    {
                        (failed, failure) = (i, ex);
                    }
                }
                if (failed >= 0)
                {
                    db.Execute("ROLLBACK");
                    pending[failed].Fail(failure!);
                    pending.RemoveAt(failed);
                    continue;
                }
                db.Execute("COMMIT");
                Interlocked.Increment(ref _commits);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                EngineLog.WriteFailed(_logger, ex, pending.Count);
                TryRollback(db);
                FailAll(pending, ex);
                _pollWanted = true;
                return;
            }
            if (poll is not null && pending.Contains(poll))
            {
                _nextTimerDue = poll.NextTimerDue;
                _pollWanted |= poll.Saturated;
            }
            for (int i = 0; i < pending.Count; i++)
            {
                Apply(effects[i]);
                pending[i].Complete();
            }
            return;
        }
    }

    private void Apply(WriteEffects effects)
    {
        foreach (string id in effects.Released)
        {
            _sink.OnReleased(id);
        }
        foreach (string id in effects.Finished)
        {
            _sink.OnFinished(id);
        }
        foreach (string id in effects.Ready)
        {
            _sink.OnReady(id);
        }
        foreach (ActivityWorkItem item in effects.Activities)
        {
            _sink.OnActivity(item);
        }
        _nextTimerDue = Math.Min(_nextTimerDue, effects.NextTimerDue);
        if (effects.FreeActivitiesAdded && _sink.ActivityBacklog < _settings.MaxLocalActivityBacklog)
        {
            _pollWanted = true;
        }
    }

    private static void TryRollback(PreparedCommands db)
    {
        try
        {
            db.Execute("ROLLBACK");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // No transaction was open (BEGIN itself failed).
        }
    }

    private static void FailAll(List<WriteOp> batch, Exception? error = null)
    {
        error ??= new ObjectDisposedException(nameof(StoreWriter), "The durable engine is stopping.");
        foreach (WriteOp op in batch)
        {
            op.Fail(error);
        }
    }
}

/// <summary>The writer's settings (a slice of the engine options).</summary>
internal sealed record WriterSettings(string WorkerId, TimeSpan LeaseDuration, TimeSpan PollingInterval, int MaxLocalActivityBacklog, int MaxActivityDeliveries, bool ClaimWork);
