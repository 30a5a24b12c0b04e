using Microsoft.Data.Sqlite;

namespace Orchestrator.Durable.Store;

/// <summary>
/// One SQLite connection with its statements prepared once and reused (parameters $p0..$pN by position).
/// Not thread-safe: each connection is used by one thread at a time.
/// </summary>
internal sealed class PreparedCommands(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public int Execute(string sql, params object?[] args) => Bind(sql, args).ExecuteNonQuery();

    public object? Scalar(string sql, params object?[] args)
    {
        object? value = Bind(sql, args).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteDataReader Query(string sql, params object?[] args) => Bind(sql, args).ExecuteReader();

    public void Dispose()
    {
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }
        connection.Dispose();
    }

    private SqliteCommand Bind(string sql, object?[] args)
    {
        if (!_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (int i = 0; i < args.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }
            _commands[sql] = command;
        }
        for (int i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i] ?? DBNull.Value;
        }
        return command;
    }
}
