namespace Orchestrator.Durable.Store;

/// <summary>
/// The SQLite schema. Every index costs a B-tree write per insert, so the hot tables keep only what queries need:
/// messages by target (in arrival order) and by due time; activities by lease expiry. Row ids need no AUTOINCREMENT:
/// a reused id is always the newest row, so arrival order holds. History is stored one row per step (a JSON array of
/// the step's events, seq = the index of its first event), appended in rowid order: one small insert per step. Times
/// are Unix milliseconds. A message whose visible_at is <see cref="Parked"/> waits for its target to be ready (a
/// suspended or not-yet-started orchestration, a locked entity) and is never due by itself.
/// </summary>
internal static class StoreSchema
{
    public const long Parked = 253402300799999;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id TEXT NOT NULL PRIMARY KEY,
            kind INTEGER NOT NULL,
            name TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            status INTEGER NOT NULL,
            input TEXT,
            output TEXT,
            custom_status TEXT,
            failure TEXT,
            created_at INTEGER NOT NULL,
            last_updated_at INTEGER NOT NULL,
            completed_at INTEGER,
            lease_owner TEXT,
            lease_expires INTEGER NOT NULL DEFAULT 0,
            entity_state TEXT,
            entity_lock_owner TEXT,
            entity_lock_execution TEXT,
            entity_lock_request TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(kind, created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_lease ON instances(lease_owner);
        CREATE INDEX IF NOT EXISTS ix_instances_lock ON instances(entity_lock_owner) WHERE entity_lock_owner IS NOT NULL;
        CREATE TABLE IF NOT EXISTS history (
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            execution_id TEXT NOT NULL,
            events TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ix_history_instance ON history(instance_id, seq);
        CREATE TABLE IF NOT EXISTS messages (
            id INTEGER PRIMARY KEY,
            target_id TEXT NOT NULL,
            execution_id TEXT,
            kind INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_messages_target_id ON messages(target_id, id);
        CREATE INDEX IF NOT EXISTS ix_messages_target_visible ON messages(target_id, visible_at);
        CREATE INDEX IF NOT EXISTS ix_messages_visible ON messages(visible_at);
        CREATE TABLE IF NOT EXISTS activities (
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            task_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            input TEXT,
            lease_owner TEXT,
            lease_expires INTEGER NOT NULL DEFAULT 0,
            dequeue_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_activities_lease ON activities(lease_expires);
        """;
}
