using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>Everything one orchestration step changes; committed atomically by <see cref="OrchestrationCommitOp"/>.</summary>
internal sealed class OrchestrationCommit
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    /// <summary>The execution the step ran (new history rows belong to it).</summary>
    public required string ExecutionId { get; init; }

    public ParentInstanceInfo? Parent { get; init; }

    public List<long> Consumed { get; } = [];

    public List<long> Parked { get; } = [];

    /// <summary>Makes parked messages due again (the instance started or resumed).</summary>
    public bool Unpark { get; set; }

    /// <summary>History rows to append, numbered from <see cref="FirstSequence"/>.</summary>
    public IReadOnlyList<HistoryEvent> History { get; set; } = [];

    public int FirstSequence { get; init; }

    public IReadOnlyList<HistoryEvent> Actions { get; set; } = [];

    /// <summary>Null when the step changed no instance fields (only parked or dropped messages).</summary>
    public OrchestrationRuntimeStatus? Status { get; set; }

    public string? Output { get; set; }

    public string? CustomStatus { get; set; }

    /// <summary>
    /// Leaves the stored custom status as it is (a terminate runs no orchestrator code, and the last status the
    /// orchestration set stays readable, as in Durable Functions).
    /// </summary>
    public bool KeepCustomStatus { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public Engine.ContinueAsNewRequest? ContinueAsNew { get; set; }
}

/// <summary>
/// Commits one orchestration step in one transaction: consumed messages, new history, the instance row, and every
/// outgoing effect (activities, timers, sub-orchestrations, events, entity messages, the parent's completion).
/// Returns the new execution id after ContinueAsNew, else null.
/// </summary>
internal sealed class OrchestrationCommitOp(OrchestrationCommit commit) : WriteOp<string?>
{
    // Serialized by the caller's thread, not the writer's.
    private readonly string _history = StoreJson.WriteEvents(commit.History);

    protected override string? Run(WriteContext context)
    {
        context.DeleteMessages(commit.Consumed);
        context.ParkMessages(commit.Parked);
        if (commit.Unpark)
        {
            context.UnparkMessages(commit.InstanceId);
        }
        if (commit.Status is not { } status)
        {
            context.RequireLease(commit.InstanceId);
            return null;
        }
        return status == OrchestrationRuntimeStatus.ContinuedAsNew ? ContinueAsNew(context) : Record(context, status);
    }

    private string? Record(WriteContext context, OrchestrationRuntimeStatus status)
    {
        PreparedCommands db = context.Db;
        InsertHistory(db);
        bool terminal = WriteContext.IsTerminal(status);
        // The lease check rides on the row update: if another worker took the instance, nothing of this step is kept.
        if (db.Execute(
            "UPDATE instances SET status = $p1, output = $p2, custom_status = CASE WHEN $p9 THEN custom_status ELSE $p3 END, failure = $p4, last_updated_at = $p5, completed_at = $p6, lease_expires = $p7 WHERE instance_id = $p0 AND lease_owner = $p8",
            commit.InstanceId, (int)status, commit.Output, commit.CustomStatus, StoreJson.Write(commit.Failure), context.Now, terminal ? context.Now : null,
            context.LeaseExpiry, context.WorkerId, commit.KeepCustomStatus) != 1)
        {
            throw new LeaseLostException(commit.InstanceId);
        }
        foreach (HistoryEvent action in commit.Actions)
        {
            Send(context, action);
        }
        if (terminal)
        {
            NotifyParent(context, status);
            context.ReleaseEntityLocksOf(commit.InstanceId, commit.ExecutionId);
            db.Execute("DELETE FROM messages WHERE target_id = $p0 AND visible_at = $p1", commit.InstanceId, StoreSchema.Parked);
            db.Execute("UPDATE instances SET lease_owner = NULL, lease_expires = 0 WHERE instance_id = $p0", commit.InstanceId);
            context.Effects.Finished.Add(commit.InstanceId);
            context.Effects.Released.Add(commit.InstanceId);
        }
        return null;
    }

    private string ContinueAsNew(WriteContext context)
    {
        PreparedCommands db = context.Db;
        Engine.ContinueAsNewRequest next = commit.ContinueAsNew!;
        context.RequireLease(commit.InstanceId);
        string executionId = Guid.NewGuid().ToString("N");
        // The finished execution's history, timers and activities are discarded: history stays small forever.
        db.Execute("DELETE FROM history WHERE instance_id = $p0", commit.InstanceId);
        db.Execute("DELETE FROM activities WHERE instance_id = $p0", commit.InstanceId);
        db.Execute("DELETE FROM messages WHERE target_id = $p0 AND execution_id IS NOT NULL", commit.InstanceId);
        db.Execute(
            "UPDATE instances SET status = $p1, execution_id = $p2, input = $p3, custom_status = $p4, last_updated_at = $p5 WHERE instance_id = $p0",
            commit.InstanceId, (int)OrchestrationRuntimeStatus.ContinuedAsNew, executionId, next.Input, commit.CustomStatus, context.Now);
        foreach (HistoryEvent action in commit.Actions)
        {
            Send(context, action);
        }
        context.ReleaseEntityLocksOf(commit.InstanceId, commit.ExecutionId);
        DateTime now = DateTimeOffset.FromUnixTimeMilliseconds(context.Now).UtcDateTime;
        context.SendToOrchestration(commit.InstanceId, executionId, new ExecutionStartedEvent(commit.Name, next.Input, executionId, commit.Parent) { Timestamp = now });
        foreach (EventRaisedEvent carried in next.CarriedEvents)
        {
            context.SendToOrchestration(commit.InstanceId, null, carried);
        }
        return executionId;
    }

    /// <summary>Appends the step's events as one history row.</summary>
    private void InsertHistory(PreparedCommands db)
    {
        if (commit.History.Count > 0)
        {
            db.Execute("INSERT INTO history (instance_id, seq, execution_id, events) VALUES ($p0, $p1, $p2, $p3)",
                commit.InstanceId, commit.FirstSequence, commit.ExecutionId, _history);
        }
    }

    private void Send(WriteContext context, HistoryEvent action)
    {
        DateTime now = DateTimeOffset.FromUnixTimeMilliseconds(context.Now).UtcDateTime;
        string self = commit.InstanceId;
        string execution = commit.ExecutionId;
        switch (action)
        {
            case TaskScheduledEvent task:
                context.QueueActivity(self, execution, task.EventId, task.Name, task.Input);
                break;
            case TimerCreatedEvent timer:
                context.SendToOrchestration(self, execution, new TimerFiredEvent(timer.EventId, timer.FireAt) { Timestamp = timer.FireAt },
                    CeilingMs(timer.FireAt));
                break;
            case SubOrchestrationInstanceCreatedEvent sub:
                var parent = new ParentInstanceInfo(commit.Name, self, execution, sub.EventId);
                if (!context.CreateOrchestration(sub.InstanceId, sub.Name, sub.Input, null, parent))
                {
                    var failure = new TaskFailureDetails(typeof(InvalidOperationException).FullName!,
                        $"An orchestration with instance id '{sub.InstanceId}' is already running.", null, null);
                    context.SendToOrchestration(self, execution, new SubOrchestrationInstanceFailedEvent(sub.EventId, failure) { Timestamp = now });
                }
                break;
            case EventSentEvent sent:
                context.SendToOrchestration(sent.InstanceId, null, new EventRaisedEvent(sent.Name, sent.Input) { Timestamp = now });
                break;
            case EntityOperationCalledEvent call:
                context.SendToEntity(call.EntityId, Sender(new EntityOperationMessage(call.Operation, call.Input, false, call.RequestId)));
                break;
            case EntityOperationSignaledEvent signal:
                long? at = signal.ScheduledTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : null;
                context.SendToEntity(signal.EntityId, Sender(new EntityOperationMessage(signal.Operation, signal.Input, true, Guid.Empty)), at);
                break;
            case EntityLockRequestedEvent lockRequest:
                context.SendToEntity(lockRequest.EntityIds[0], Sender(new EntityLockMessage(lockRequest.RequestId, lockRequest.EntityIds, 0)));
                break;
            case EntityUnlockSentEvent unlock:
                foreach (string entity in unlock.EntityIds)
                {
                    context.SendToEntity(entity, Sender(new EntityReleaseMessage(unlock.RequestId)));
                }
                break;
        }
    }

    /// <summary>A timer's due time rounded up to the millisecond, so it never fires before its time.</summary>
    private static long CeilingMs(DateTime fireAt) => (DateTime.SpecifyKind(fireAt, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    private T Sender<T>(T message) where T : EntityMessage =>
        message with { SenderInstanceId = commit.InstanceId, SenderExecutionId = commit.ExecutionId };

    private void NotifyParent(WriteContext context, OrchestrationRuntimeStatus status)
    {
        if (commit.Parent is not { } parent)
        {
            return;
        }
        DateTime now = DateTimeOffset.FromUnixTimeMilliseconds(context.Now).UtcDateTime;
        HistoryEvent result = status == OrchestrationRuntimeStatus.Completed
            ? new SubOrchestrationInstanceCompletedEvent(parent.TaskScheduledId, commit.Output) { Timestamp = now }
            : new SubOrchestrationInstanceFailedEvent(parent.TaskScheduledId, commit.Failure ?? new TaskFailureDetails(
                "Orchestrator.Durable.OrchestrationTerminated", $"Sub-orchestration '{commit.InstanceId}' was terminated.", null, null)) { Timestamp = now };
        context.SendToOrchestration(parent.InstanceId, parent.ExecutionId, result);
    }
}
