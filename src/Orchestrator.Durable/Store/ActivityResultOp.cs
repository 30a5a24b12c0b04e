using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>
/// Records an activity's result: deletes the leased work item and sends TaskCompleted/TaskFailed to the orchestration,
/// atomically. If the lease was lost (another worker redelivered the activity), the result is dropped: exactly one
/// result per scheduled activity ever reaches the orchestration.
/// </summary>
internal sealed class ActivityResultOp(ActivityWorkItem item, HistoryEvent result) : WriteOp<bool>
{
    private readonly string _result = StoreJson.Write(result);

    protected override bool Run(WriteContext context)
    {
        if (context.Db.Execute("DELETE FROM activities WHERE id = $p0 AND lease_owner = $p1", item.Id, context.WorkerId) != 1)
        {
            return false;
        }
        context.SendToOrchestration(item.InstanceId, item.ExecutionId, _result);
        return true;
    }
}
