using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>A lock an entity granted in this batch, with its owner's execution.</summary>
internal sealed record EntityLockOwner(string InstanceId, string ExecutionId, Guid RequestId);

/// <summary>Everything one entity batch changes.</summary>
internal sealed class EntityCommit
{
    public required string EntityId { get; init; }

    public List<long> Consumed { get; } = [];

    public List<long> Parked { get; } = [];

    public string? State { get; set; }

    public EntityLockOwner? Lock { get; set; }

    public List<EntityLockOwner> Granted { get; } = [];

    /// <summary>Responses and grants to orchestrations: (instance, execution, event).</summary>
    public List<(string InstanceId, string? ExecutionId, HistoryEvent Event)> ToOrchestrations { get; } = [];

    /// <summary>Signals, forwarded lock requests: (entity, message, visible at).</summary>
    public List<(string EntityId, EntityMessage Message, long? VisibleAt)> ToEntities { get; } = [];

    /// <summary>Orchestrations started by operations: (instance id, name, input, start at).</summary>
    public List<(string InstanceId, string Name, string? Input, long? StartAt)> Starts { get; } = [];
}

/// <summary>
/// Commits an entity batch: consumed and deferred messages (a batch that ends unlocked makes the oldest deferred one
/// due, so the entity runs again and reads them all in order without waiting for a new message, even across a crash),
/// the new state and lock, and every message the operations produced. A lock granted to an orchestration that has
/// meanwhile ended is released at once, so a lock never outlives its owner.
/// </summary>
internal sealed class EntityCommitOp(EntityCommit commit) : WriteOp<bool>
{
    protected override bool Run(WriteContext context)
    {
        PreparedCommands db = context.Db;
        context.RequireLease(commit.EntityId);
        context.DeleteMessages(commit.Consumed);
        context.ParkMessages(commit.Parked);
        if (commit.Lock is null)
        {
            // Ending unlocked with deferred messages left (after a release, or a batch that filled up before reaching them
            // all): one of them is made due, so the entity is found again by the poller after a crash or a restart too.
            context.UnparkOldestMessage(commit.EntityId);
        }
        db.Execute(
            "UPDATE instances SET entity_state = $p1, entity_lock_owner = $p2, entity_lock_execution = $p3, entity_lock_request = $p4, last_updated_at = $p5 WHERE instance_id = $p0",
            commit.EntityId, commit.State, commit.Lock?.InstanceId, commit.Lock?.ExecutionId, commit.Lock?.RequestId.ToString(), context.Now);
        foreach ((string instanceId, string? executionId, HistoryEvent e) in commit.ToOrchestrations)
        {
            context.SendToOrchestration(instanceId, executionId, e);
        }
        foreach ((string entityId, EntityMessage message, long? at) in commit.ToEntities)
        {
            context.SendToEntity(entityId, message, at);
        }
        foreach ((string instanceId, string name, string? input, long? startAt) in commit.Starts)
        {
            context.CreateOrchestration(instanceId, name, input, startAt, null);
        }
        foreach (EntityLockOwner granted in commit.Granted)
        {
            if (!IsLive(db, granted))
            {
                context.SendToEntity(commit.EntityId, new EntityReleaseMessage(granted.RequestId)
                {
                    SenderInstanceId = granted.InstanceId,
                    SenderExecutionId = granted.ExecutionId,
                });
            }
        }
        return true;
    }

    private static bool IsLive(PreparedCommands db, EntityLockOwner owner)
    {
        using var reader = db.Query("SELECT status, execution_id FROM instances WHERE instance_id = $p0", owner.InstanceId);
        return reader.Read()
            && !WriteContext.IsTerminal((OrchestrationRuntimeStatus)reader.GetInt32(0))
            && reader.GetString(1) == owner.ExecutionId;
    }
}
