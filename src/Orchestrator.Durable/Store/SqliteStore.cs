using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Durable.Store;

/// <summary>
/// The SQLite database file: WAL journal (readers never block the writer), synchronous=NORMAL (a commit survives a
/// process crash such as kill -9; only an OS crash or power loss can lose the last commits — set
/// <see cref="Hosting.DurableEngineOptions.SynchronousFull"/> for that), and a pool of read connections.
/// </summary>
internal sealed class SqliteStore : IDisposable
{
    private readonly ConcurrentBag<PreparedCommands> _readers = [];
    private readonly string _connectionString;
    private readonly bool _synchronousFull;

    static SqliteStore() => SQLitePCL.Batteries_V2.Init();

    public SqliteStore(string databasePath, bool synchronousFull)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString();
        _synchronousFull = synchronousFull;
        using PreparedCommands setup = Open();
        setup.Execute("PRAGMA journal_mode = WAL");
        using SqliteCommand schema = setup.Connection.CreateCommand();
        schema.CommandText = StoreSchema.Create;
        schema.ExecuteNonQuery();
    }

    /// <summary>A new connection with the engine's settings; the writer gets a larger page cache than readers.</summary>
    public PreparedCommands Open(bool writer = false)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var commands = new PreparedCommands(connection);
        commands.Scalar("PRAGMA busy_timeout = 30000");
        commands.Scalar(_synchronousFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        commands.Scalar("PRAGMA temp_store = MEMORY");
        commands.Scalar(writer ? "PRAGMA cache_size = -16000" : "PRAGMA cache_size = -2000");
        if (writer)
        {
            // Checkpoints (the only step that fsyncs under synchronous=NORMAL) run on the checkpointer thread instead.
            commands.Scalar("PRAGMA wal_autocheckpoint = 0");
        }
        return commands;
    }

    /// <summary>Runs a read on a pooled connection.</summary>
    public T Read<T>(Func<PreparedCommands, T> read)
    {
        if (!_readers.TryTake(out PreparedCommands? db))
        {
            db = Open();
        }
        try
        {
            return read(db);
        }
        finally
        {
            _readers.Add(db);
        }
    }

    public void Dispose()
    {
        while (_readers.TryTake(out PreparedCommands? db))
        {
            db.Dispose();
        }
    }
}
