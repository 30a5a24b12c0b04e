using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>
/// The writer's connection during one batch, with the statements every write shares: sending messages (and
/// leasing the target to this process when it is free, so local work never waits for a poll), creating
/// orchestrations and entities, queueing activities and checking leases.
/// </summary>
internal sealed class WriteContext(PreparedCommands db, string workerId, TimeSpan leaseDuration, bool claimWork, IWorkSink sink)
{
    private int _localActivitySlots;

    public PreparedCommands Db => db;

    public string WorkerId => workerId;

    public long Now { get; private set; }

    public long LeaseExpiry => Now + (long)leaseDuration.TotalMilliseconds;

    public WriteEffects Effects { get; set; } = new();

    public void BeginBatch(long now, int localActivitySlots)
    {
        Now = now;
        _localActivitySlots = localActivitySlots;
    }

    /// <summary>Checks that this process still holds the lease, and extends it.</summary>
    public void RequireLease(string instanceId)
    {
        if (db.Execute("UPDATE instances SET lease_expires = $p0 WHERE instance_id = $p1 AND lease_owner = $p2", LeaseExpiry, instanceId, workerId) != 1)
        {
            throw new LeaseLostException(instanceId);
        }
    }

    /// <summary>Leases the instance to this process if it is free or already ours; reports it ready.</summary>
    public bool TryClaim(string instanceId)
    {
        if (!claimWork)
        {
            return false;
        }
        if (sink.IsOwned(instanceId))
        {
            // Ours already: the lease is renewed in bulk, and a lost lease is caught when the step commits.
            Effects.Ready.Add(instanceId);
            return true;
        }
        bool claimed = db.Execute(
            "UPDATE instances SET lease_owner = $p0, lease_expires = $p1 WHERE instance_id = $p2 AND (lease_expires <= $p3 OR lease_owner = $p0)",
            workerId, LeaseExpiry, instanceId, Now) == 1;
        if (claimed)
        {
            Effects.Ready.Add(instanceId);
        }
        return claimed;
    }

    /// <summary>Sends a history event to an existing orchestration (dropped silently if it does not exist).</summary>
    public void SendToOrchestration(string instanceId, string? executionId, HistoryEvent e, long? visibleAt = null)
        => SendToOrchestration(instanceId, executionId, StoreJson.Write(e), visibleAt);

    /// <summary>Sends an already serialized history event (serialized off the writer thread).</summary>
    public void SendToOrchestration(string instanceId, string? executionId, string serializedEvent, long? visibleAt = null)
    {
        long at = visibleAt ?? Now;
        int inserted = db.Execute(
            "INSERT INTO messages (target_id, execution_id, kind, visible_at, payload) SELECT $p0, $p1, 0, $p2, $p3 WHERE EXISTS (SELECT 1 FROM instances WHERE instance_id = $p0 AND kind = 0)",
            instanceId, executionId, at, serializedEvent);
        AfterInsert(instanceId, at, inserted);
    }

    /// <summary>Sends a message to an entity, creating the entity's row on first use.</summary>
    public void SendToEntity(string entityId, EntityMessage message, long? visibleAt = null)
    {
        EnsureEntity(entityId);
        long at = visibleAt ?? Now;
        db.Execute("INSERT INTO messages (target_id, execution_id, kind, visible_at, payload) VALUES ($p0, NULL, 1, $p1, $p2)",
            entityId, at, StoreJson.Write(message));
        AfterInsert(entityId, at, 1);
    }

    public void EnsureEntity(string entityId)
    {
        if (claimWork && sink.IsOwned(entityId))
        {
            return;
        }
        string name = Orchestrator.Durable.Entities.EntityInstanceId.FromString(entityId).Name;
        db.Execute(
            "INSERT OR IGNORE INTO instances (instance_id, kind, name, execution_id, status, created_at, last_updated_at) VALUES ($p0, 1, $p1, '', 0, $p2, $p2)",
            entityId, name, Now);
    }

    /// <summary>Creates (or restarts a finished) orchestration; false when an active instance already has the id.</summary>
    public bool CreateOrchestration(string instanceId, string name, string? input, long? startAt, ParentInstanceInfo? parent)
    {
        object? existing = db.Scalar("SELECT status FROM instances WHERE instance_id = $p0", instanceId);
        if (existing is long status && !IsTerminal((OrchestrationRuntimeStatus)status))
        {
            return false;
        }
        string executionId = Guid.NewGuid().ToString("N");
        if (existing is null)
        {
            db.Execute(
                "INSERT INTO instances (instance_id, kind, name, execution_id, status, input, created_at, last_updated_at) VALUES ($p0, 0, $p1, $p2, $p3, $p4, $p5, $p5)",
                instanceId, name, executionId, (int)OrchestrationRuntimeStatus.Pending, input, Now);
        }
        else
        {
            DeleteInstanceData(instanceId);
            db.Execute(
                "UPDATE instances SET name = $p1, execution_id = $p2, status = $p3, input = $p4, output = NULL, custom_status = NULL, failure = NULL, created_at = $p5, last_updated_at = $p5, completed_at = NULL WHERE instance_id = $p0",
                instanceId, name, executionId, (int)OrchestrationRuntimeStatus.Pending, input, Now);
        }
        var started = new ExecutionStartedEvent(name, input, executionId, parent) { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Now).UtcDateTime };
        SendToOrchestration(instanceId, executionId, started, startAt is { } at && at > Now ? at : Now);
        return true;
    }

    /// <summary>Queues an activity: leased to this process when it has room, else left for any worker to poll.</summary>
    public void QueueActivity(string instanceId, string executionId, int taskId, string name, string? input)
    {
        if (_localActivitySlots > 0)
        {
            object? id = db.Scalar(
                "INSERT INTO activities (instance_id, execution_id, task_id, name, input, lease_owner, lease_expires, dequeue_count) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, 1) RETURNING id",
                instanceId, executionId, taskId, name, input, workerId, LeaseExpiry);
            _localActivitySlots--;
            Effects.Activities.Add(new ActivityWorkItem((long)id!, instanceId, executionId, taskId, name, input, 1));
            return;
        }
        db.Execute(
            "INSERT INTO activities (instance_id, execution_id, task_id, name, input) VALUES ($p0, $p1, $p2, $p3, $p4)",
            instanceId, executionId, taskId, name, input);
        Effects.FreeActivitiesAdded = true;
    }

    /// <summary>Sends a release to every entity the given execution still holds locked (its critical section ended with it).</summary>
    public void ReleaseEntityLocksOf(string instanceId, string executionId)
    {
        var locked = new List<(string Entity, string Request)>();
        using (var reader = db.Query("SELECT instance_id, entity_lock_request FROM instances WHERE entity_lock_owner = $p0 AND entity_lock_execution = $p1", instanceId, executionId))
        {
            while (reader.Read())
            {
                locked.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach ((string entity, string request) in locked)
        {
            SendToEntity(entity, new EntityReleaseMessage(Guid.Parse(request)) { SenderInstanceId = instanceId, SenderExecutionId = executionId });
        }
    }

    /// <summary>Deletes messages by id in one statement.</summary>
    public void DeleteMessages(IReadOnlyCollection<long> ids)
    {
        if (ids.Count > 0)
        {
            db.Execute("DELETE FROM messages WHERE id IN (SELECT value FROM json_each($p0))", IdList(ids));
        }
    }

    /// <summary>Defers messages (by id) until their target is ready for them.</summary>
    public void ParkMessages(IReadOnlyCollection<long> ids)
    {
        if (ids.Count > 0)
        {
            db.Execute("UPDATE messages SET visible_at = $p1 WHERE id IN (SELECT value FROM json_each($p0))", IdList(ids), StoreSchema.Parked);
        }
    }

    /// <summary>Makes a target's deferred messages due again (in their arrival order) and reports it ready if there were any.</summary>
    public void UnparkMessages(string targetId)
    {
        if (db.Execute("UPDATE messages SET visible_at = $p1 WHERE target_id = $p0 AND visible_at = $p2", targetId, Now, StoreSchema.Parked) > 0)
        {
            Effects.Ready.Add(targetId);
        }
    }

    /// <summary>
    /// Makes only a target's oldest deferred message due, which makes the target due (durably, across a crash) without
    /// rewriting every deferred row: an unlocked entity reads its deferred messages in arrival order anyway. Touching
    /// them all on every release made a lock handover cost as much as the queue behind it.
    /// </summary>
    public void UnparkOldestMessage(string targetId)
    {
        if (db.Execute(
            "UPDATE messages SET visible_at = $p1 WHERE id = (SELECT id FROM messages WHERE target_id = $p0 AND visible_at = $p2 ORDER BY id LIMIT 1)",
            targetId, Now, StoreSchema.Parked) > 0)
        {
            Effects.Ready.Add(targetId);
        }
    }

    public void DeleteInstanceData(string instanceId)
    {
        db.Execute("DELETE FROM history WHERE instance_id = $p0", instanceId);
        db.Execute("DELETE FROM messages WHERE target_id = $p0", instanceId);
        db.Execute("DELETE FROM activities WHERE instance_id = $p0", instanceId);
    }

    private static string IdList(IReadOnlyCollection<long> ids) => "[" + string.Join(",", ids) + "]";

    public static bool IsTerminal(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;

    private void AfterInsert(string targetId, long visibleAt, int inserted)
    {
        if (inserted == 0)
        {
            return;
        }
        if (visibleAt <= Now)
        {
            TryClaim(targetId);
        }
        else
        {
            Effects.NextTimerDue = Math.Min(Effects.NextTimerDue, visibleAt);
        }
    }
}
