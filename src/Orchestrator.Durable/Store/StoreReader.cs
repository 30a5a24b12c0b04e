using System.Text;
using Microsoft.Data.Sqlite;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>An instance row as the dispatchers and the client read it.</summary>
internal sealed record InstanceRow(
    string InstanceId, string Name, string ExecutionId, OrchestrationRuntimeStatus Status, string? Input, string? Output,
    string? CustomStatus, TaskFailureDetails? Failure, long CreatedAt, long LastUpdatedAt);

/// <summary>A message waiting for an instance or entity.</summary>
internal sealed record StoredMessage(long Id, string? ExecutionId, long VisibleAt, HistoryEvent? Event, EntityMessage? EntityMessage);

/// <summary>An entity row: state and lock.</summary>
internal sealed record EntityRow(string EntityId, string? State, EntityLockOwner? Lock, long LastModified, int Backlog);

/// <summary>The engine's read queries (on pooled read connections; WAL readers never block the writer).</summary>
internal sealed class StoreReader(SqliteStore store)
{
    private const string InstanceColumns = "instance_id, name, execution_id, status, input, output, custom_status, failure, created_at, last_updated_at";

    public InstanceRow? GetInstance(string instanceId) => store.Read(db =>
    {
        using SqliteDataReader r = db.Query($"SELECT {InstanceColumns} FROM instances WHERE instance_id = $p0 AND kind = 0", instanceId);
        return r.Read() ? ReadInstance(r) : null;
    });

    public List<HistoryEvent> GetHistory(string instanceId) => store.Read(db =>
    {
        var events = new List<HistoryEvent>();
        using SqliteDataReader r = db.Query("SELECT events FROM history WHERE instance_id = $p0 ORDER BY seq", instanceId);
        while (r.Read())
        {
            events.AddRange(StoreJson.ReadEvents(r.GetString(0)));
        }
        return events;
    });

    /// <summary>Due messages of a target in arrival order, with its deferred (parked) ones too if asked.</summary>
    public List<StoredMessage> GetMessages(string targetId, long now, bool includeParked, int limit) => store.Read(db =>
    {
        var messages = new List<StoredMessage>();
        // Two statements rather than one with a flag, so the due-only read uses the (target, visible_at) index and skips the
        // deferred rows instead of walking past every one of them in id order.
        using SqliteDataReader r = includeParked
            ? db.Query(
                "SELECT id, execution_id, kind, visible_at, payload FROM messages WHERE target_id = $p0 AND (visible_at <= $p1 OR visible_at = $p2) ORDER BY id LIMIT $p3",
                targetId, now, StoreSchema.Parked, limit)
            : db.Query(
                "SELECT id, execution_id, kind, visible_at, payload FROM messages WHERE target_id = $p0 AND visible_at <= $p1 ORDER BY id LIMIT $p2",
                targetId, now, limit);
        while (r.Read())
        {
            string payload = r.GetString(4);
            bool isEntity = r.GetInt32(2) == 1;
            messages.Add(new StoredMessage(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(3),
                isEntity ? null : StoreJson.ReadEvent(payload), isEntity ? StoreJson.ReadEntityMessage(payload) : null));
        }
        return messages;
    });

    public EntityRow? GetEntity(string entityId) => store.Read(db =>
    {
        using SqliteDataReader r = db.Query(
            """
            SELECT entity_state, entity_lock_owner, entity_lock_execution, entity_lock_request, last_updated_at,
                   (SELECT COUNT(*) FROM messages WHERE target_id = $p0)
            FROM instances WHERE instance_id = $p0 AND kind = 1
            """, entityId);
        if (!r.Read())
        {
            return null;
        }
        EntityLockOwner? owner = r.IsDBNull(1) ? null : new EntityLockOwner(r.GetString(1), r.GetString(2), Guid.Parse(r.GetString(3)));
        return new EntityRow(entityId, r.IsDBNull(0) ? null : r.GetString(0), owner, r.GetInt64(4), r.GetInt32(5));
    });

    /// <summary>One page of instances ordered by (created, id); the token is the last row's key.</summary>
    public (List<InstanceRow> Rows, string? Next) QueryInstances(OrchestrationQuery query, string? token) => store.Read(db =>
    {
        (long afterCreated, string afterId) = DecodeToken(token);
        int[] statuses = query.Statuses?.Select(s => (int)s).ToArray() ?? [];
        string statusFilter = statuses.Length == 0 ? "1" : $"status IN ({string.Join(",", statuses)})";
        int pageSize = Math.Clamp(query.PageSize, 1, 1000);
        string prefix = query.InstanceIdPrefix ?? string.Empty;
        string? prefixEnd = PrefixEnd(prefix);
        var rows = new List<InstanceRow>();
        using (SqliteDataReader r = db.Query(
            $"""
            SELECT {InstanceColumns} FROM instances
            WHERE kind = 0 AND {statusFilter} AND created_at >= $p0 AND created_at <= $p1 AND instance_id >= $p2 {Below(prefixEnd, "$p3")}
              AND (created_at > $p4 OR (created_at = $p4 AND instance_id > $p5))
            ORDER BY created_at, instance_id LIMIT $p6
            """,
            query.CreatedFrom?.ToUnixTimeMilliseconds() ?? long.MinValue, query.CreatedTo?.ToUnixTimeMilliseconds() ?? long.MaxValue,
            prefix, prefixEnd, afterCreated, afterId, pageSize + 1))
        {
            while (r.Read())
            {
                rows.Add(ReadInstance(r));
            }
        }
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            next = $"{rows[^1].CreatedAt}:{rows[^1].InstanceId}";
        }
        return (rows, next);
    });

    /// <summary>Finished instances matching a purge filter.</summary>
    public List<string> FindPurgeable(PurgeInstancesFilter filter) => store.Read(db =>
    {
        int[] terminal = [(int)OrchestrationRuntimeStatus.Completed, (int)OrchestrationRuntimeStatus.Failed, (int)OrchestrationRuntimeStatus.Terminated];
        int[] statuses = filter.Statuses?.Select(s => (int)s).Where(terminal.Contains).ToArray() ?? terminal;
        var ids = new List<string>();
        if (statuses.Length == 0)
        {
            return ids;
        }
        using SqliteDataReader r = db.Query(
            $"SELECT instance_id FROM instances WHERE kind = 0 AND status IN ({string.Join(",", statuses)}) AND created_at >= $p0 AND created_at <= $p1",
            filter.CreatedFrom?.ToUnixTimeMilliseconds() ?? long.MinValue, filter.CreatedTo?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        while (r.Read())
        {
            ids.Add(r.GetString(0));
        }
        return ids;
    });

    /// <summary>One page of entities with state (or a lock), ordered by id.</summary>
    public (List<EntityRow> Rows, string? Next) QueryEntities(string? prefix, long from, long to, int pageSize, string? token) => store.Read(db =>
    {
        prefix ??= "@";
        string? prefixEnd = PrefixEnd(prefix);
        var rows = new List<EntityRow>();
        using (SqliteDataReader r = db.Query(
            $"""
            SELECT instance_id, entity_state, entity_lock_owner, entity_lock_execution, entity_lock_request, last_updated_at
            FROM instances WHERE kind = 1 AND (entity_state IS NOT NULL OR entity_lock_owner IS NOT NULL)
              AND instance_id >= $p0 {Below(prefixEnd, "$p1")} AND instance_id > $p2 AND last_updated_at >= $p3 AND last_updated_at <= $p4
            ORDER BY instance_id LIMIT $p5
            """,
            prefix, prefixEnd, token ?? string.Empty, from, to, pageSize + 1))
        {
            while (r.Read())
            {
                EntityLockOwner? owner = r.IsDBNull(2) ? null : new EntityLockOwner(r.GetString(2), r.GetString(3), Guid.Parse(r.GetString(4)));
                rows.Add(new EntityRow(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), owner, r.GetInt64(5), 0));
            }
        }
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            next = rows[^1].EntityId;
        }
        return (rows, next);
    });

    private static InstanceRow ReadInstance(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), (OrchestrationRuntimeStatus)r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
        StoreJson.ReadFailure(r.IsDBNull(7) ? null : r.GetString(7)), r.GetInt64(8), r.GetInt64(9));

    private static (long, string) DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (long.MinValue, string.Empty);
        }
        int split = token.IndexOf(':', StringComparison.Ordinal);
        if (split <= 0 || !long.TryParse(token.AsSpan(0, split), out long created))
        {
            throw new ArgumentException($"'{token}' is not a continuation token issued by this engine.", nameof(token));
        }
        return (created, token[(split + 1)..]);
    }

    /// <summary>
    /// The smallest string above every string that starts with the prefix, in SQLite's order: UTF-8 bytes, which is
    /// code point order (not .NET's UTF-16 order, where an emoji sorts below U+FFFF). The last code point is replaced by
    /// the next one (skipping the surrogate range); null when there is no such string (an empty prefix): no bound.
    /// </summary>
    private static string? PrefixEnd(string prefix)
    {
        for (int end = prefix.Length; end > 0;)
        {
            Rune.DecodeLastFromUtf16(prefix.AsSpan(0, end), out Rune last, out int width);
            end -= width;
            if (last.Value < 0x10FFFF)
            {
                return string.Concat(prefix.AsSpan(0, end), new Rune(last.Value + 1 == 0xD800 ? 0xE000 : last.Value + 1).ToString());
            }
        }
        return null;
    }

    private static string Below(string? prefixEnd, string parameter) => prefixEnd is null ? string.Empty : $"AND instance_id < {parameter}";
}
