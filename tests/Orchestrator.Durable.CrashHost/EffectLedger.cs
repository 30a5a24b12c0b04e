using Microsoft.Data.Sqlite;

namespace Orchestrator.Durable.CrashHost;

/// <summary>
/// The side effects of the crash workload, in their own SQLite file: every execution is logged (at least once), and
/// the effect itself is keyed by the activity's idempotency key, so a redelivered activity cannot apply it twice.
/// </summary>
public sealed class EffectLedger(string path)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    public void Create()
    {
        using SqliteConnection connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS executions (id INTEGER PRIMARY KEY, effect_key TEXT NOT NULL, instance_id TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS effects (effect_key TEXT PRIMARY KEY, instance_id TEXT NOT NULL);
            """);
    }

    public async Task RecordAsync(string key, string instanceId)
    {
        await _gate.WaitAsync();
        try
        {
            using SqliteConnection connection = Open();
            using SqliteTransaction tx = connection.BeginTransaction();
            Execute(connection, "INSERT INTO executions (effect_key, instance_id) VALUES ($k, $i)", key, instanceId, tx);
            Execute(connection, "INSERT OR IGNORE INTO effects (effect_key, instance_id) VALUES ($k, $i)", key, instanceId, tx);
            tx.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Effects (distinct keys) and raw executions per instance.</summary>
    public Dictionary<string, (int Effects, int Executions)> Count()
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.instance_id, COUNT(*), (SELECT COUNT(*) FROM executions x WHERE x.instance_id = e.instance_id)
            FROM effects e GROUP BY e.instance_id
            """;
        var counts = new Dictionary<string, (int, int)>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2));
        }
        return counts;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, string? key = null, string? instanceId = null, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        if (key is not null)
        {
            command.Parameters.AddWithValue("$k", key);
            command.Parameters.AddWithValue("$i", instanceId);
        }
        command.ExecuteNonQuery();
    }
}
