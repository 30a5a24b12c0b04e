using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>Schedules an orchestration; false when an active instance already has the id (the start is idempotent).</summary>
internal sealed class StartOrchestrationOp(string instanceId, string name, string? input, long? startAt) : WriteOp<bool>
{
    protected override bool Run(WriteContext context)
    {
        return context.CreateOrchestration(instanceId, name, input, startAt, null);
    }
}

/// <summary>
/// Delivers a client event (raise event, terminate, suspend, resume) to an orchestration that exists and has not
/// finished; returns false (and sends nothing) otherwise.
/// </summary>
internal sealed class SendToInstanceOp(string instanceId, HistoryEvent e) : WriteOp<bool>
{
    protected override bool Run(WriteContext context)
    {
        object? status = context.Db.Scalar("SELECT status FROM instances WHERE instance_id = $p0 AND kind = 0", instanceId);
        if (status is not long value || WriteContext.IsTerminal((OrchestrationRuntimeStatus)value))
        {
            return false;
        }
        context.SendToOrchestration(instanceId, null, e with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(context.Now).UtcDateTime });
        return true;
    }
}

/// <summary>Signals an entity (creating it on first use).</summary>
internal sealed class SignalEntityOp(string entityId, string operation, string? input, long? visibleAt) : WriteOp<bool>
{
    protected override bool Run(WriteContext context)
    {
        context.SendToEntity(entityId, new EntityOperationMessage(operation, input, true, Guid.Empty), visibleAt);
        return true;
    }
}

/// <summary>Deletes finished orchestrations (Completed, Failed, Terminated) with their history; returns how many.</summary>
internal sealed class PurgeOp(IReadOnlyList<string> instanceIds) : WriteOp<int>
{
    protected override int Run(WriteContext context)
    {
        int purged = 0;
        foreach (string id in instanceIds)
        {
            int deleted = context.Db.Execute(
                "DELETE FROM instances WHERE instance_id = $p0 AND kind = 0 AND status IN ($p1, $p2, $p3)",
                id, (int)OrchestrationRuntimeStatus.Completed, (int)OrchestrationRuntimeStatus.Failed, (int)OrchestrationRuntimeStatus.Terminated);
            if (deleted == 1)
            {
                context.DeleteInstanceData(id);
                purged++;
            }
        }
        return purged;
    }
}
