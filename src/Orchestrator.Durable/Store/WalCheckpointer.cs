namespace Orchestrator.Durable.Store;

/// <summary>
/// Copies the WAL back into the database file in the background (PASSIVE checkpoints never block the writer or
/// readers), so the writer's commits never pay for a checkpoint and its fsync.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteStore _store;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _disposed;

    public WalCheckpointer(SqliteStore store, TimeSpan interval)
    {
        _store = store;
        _interval = interval;
        _thread = new Thread(Loop) { IsBackground = true, Name = "durable-wal-checkpointer" };
    }

    public void Start() => _thread.Start();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _stop.Cancel();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        _stop.Dispose();
    }

    private void Loop()
    {
        using PreparedCommands db = _store.Open();
        while (!_stop.Token.WaitHandle.WaitOne(_interval))
        {
            db.Scalar("PRAGMA wal_checkpoint(PASSIVE)");
        }
        db.Scalar("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}
