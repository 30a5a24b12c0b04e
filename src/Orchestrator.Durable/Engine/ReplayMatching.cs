using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine;

/// <summary>How a recorded scheduling event is compared with the action replayed code produces (type and name).</summary>
internal static class ReplayMatching
{
    public static bool IsSchedulingEvent(HistoryEvent e) => e is TaskScheduledEvent or TimerCreatedEvent
        or SubOrchestrationInstanceCreatedEvent or EventSentEvent or EntityOperationCalledEvent
        or EntityOperationSignaledEvent or EntityLockRequestedEvent or EntityUnlockSentEvent;

    public static bool SameAction(HistoryEvent action, HistoryEvent recorded) => (action, recorded) switch
    {
        (TaskScheduledEvent a, TaskScheduledEvent r) => Same(a.Name, r.Name),
        (TimerCreatedEvent, TimerCreatedEvent) => true,
        (SubOrchestrationInstanceCreatedEvent a, SubOrchestrationInstanceCreatedEvent r) => Same(a.Name, r.Name),
        (EventSentEvent a, EventSentEvent r) => Same(a.Name, r.Name),
        (EntityOperationCalledEvent a, EntityOperationCalledEvent r) => Same(a.EntityId, r.EntityId) && Same(a.Operation, r.Operation),
        (EntityOperationSignaledEvent a, EntityOperationSignaledEvent r) => Same(a.EntityId, r.EntityId) && Same(a.Operation, r.Operation),
        (EntityLockRequestedEvent a, EntityLockRequestedEvent r) => a.EntityIds.SequenceEqual(r.EntityIds, StringComparer.OrdinalIgnoreCase),
        (EntityUnlockSentEvent a, EntityUnlockSentEvent r) => a.EntityIds.SequenceEqual(r.EntityIds, StringComparer.OrdinalIgnoreCase),
        _ => false,
    };

    public static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"activity '{t.Name}'",
        TimerCreatedEvent => "a durable timer",
        SubOrchestrationInstanceCreatedEvent s => $"sub-orchestration '{s.Name}'",
        EventSentEvent s => $"event '{s.Name}' sent to '{s.InstanceId}'",
        EntityOperationCalledEvent c => $"a call of '{c.Operation}' on entity '{c.EntityId}'",
        EntityOperationSignaledEvent s => $"a signal of '{s.Operation}' to entity '{s.EntityId}'",
        EntityLockRequestedEvent l => $"a lock of [{string.Join(", ", l.EntityIds)}]",
        EntityUnlockSentEvent u => $"an unlock of [{string.Join(", ", u.EntityIds)}]",
        _ => e.EventType,
    };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
