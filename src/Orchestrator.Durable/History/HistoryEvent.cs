using System.Text.Json.Serialization;
using Orchestrator.Durable.Client;

namespace Orchestrator.Durable.History;

/// <summary>
/// One entry of an orchestration's append-only history. Scheduling events carry the sequence id of the call that
/// made them in <see cref="EventId"/>; completions refer to it. The JSON form names the type in "EventType".
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "EventType")]
[JsonDerivedType(typeof(ExecutionStartedEvent), "ExecutionStarted")]
[JsonDerivedType(typeof(ExecutionCompletedEvent), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumedEvent), "ExecutionResumed")]
[JsonDerivedType(typeof(ContinueAsNewEvent), "ContinueAsNew")]
[JsonDerivedType(typeof(OrchestratorStartedEvent), "OrchestratorStarted")]
[JsonDerivedType(typeof(OrchestratorCompletedEvent), "OrchestratorCompleted")]
[JsonDerivedType(typeof(TaskScheduledEvent), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompletedEvent), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailedEvent), "TaskFailed")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreatedEvent), "SubOrchestrationInstanceCreated")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompletedEvent), "SubOrchestrationInstanceCompleted")]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailedEvent), "SubOrchestrationInstanceFailed")]
[JsonDerivedType(typeof(TimerCreatedEvent), "TimerCreated")]
[JsonDerivedType(typeof(TimerFiredEvent), "TimerFired")]
[JsonDerivedType(typeof(EventSentEvent), "EventSent")]
[JsonDerivedType(typeof(EventRaisedEvent), "EventRaised")]
[JsonDerivedType(typeof(EntityOperationCalledEvent), "EntityOperationCalled")]
[JsonDerivedType(typeof(EntityOperationSignaledEvent), "EntityOperationSignaled")]
[JsonDerivedType(typeof(EntityLockRequestedEvent), "EntityLockRequested")]
[JsonDerivedType(typeof(EntityUnlockSentEvent), "EntityUnlockSent")]
[JsonDerivedType(typeof(EntityOperationCompletedEvent), "EntityOperationCompleted")]
[JsonDerivedType(typeof(EntityOperationFailedEvent), "EntityOperationFailed")]
[JsonDerivedType(typeof(EntityLockGrantedEvent), "EntityLockGranted")]
public abstract record HistoryEvent
{
    /// <summary>The sequence id of a scheduling event; -1 for other events.</summary>
    public int EventId { get; init; } = -1;

    /// <summary>When the event was recorded (UTC).</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>The event type name, as in the Durable Task Framework.</summary>
    [JsonIgnore]
    public string EventType => GetType().Name[..^"Event".Length];
}

/// <summary>Who started a sub-orchestration, so its completion can be reported back.</summary>
public sealed record ParentInstanceInfo(string Name, string InstanceId, string ExecutionId, int TaskScheduledId);

public sealed record ExecutionStartedEvent(string Name, string? Input, string ExecutionId, ParentInstanceInfo? Parent = null) : HistoryEvent;

public sealed record ExecutionCompletedEvent(OrchestrationRuntimeStatus OrchestrationStatus, string? Result, TaskFailureDetails? FailureDetails = null) : HistoryEvent;

public sealed record ExecutionTerminatedEvent(string? Input) : HistoryEvent;

public sealed record ExecutionSuspendedEvent(string? Reason) : HistoryEvent;

public sealed record ExecutionResumedEvent(string? Reason) : HistoryEvent;

public sealed record ContinueAsNewEvent(string? Input) : HistoryEvent;

public sealed record OrchestratorStartedEvent : HistoryEvent;

public sealed record OrchestratorCompletedEvent : HistoryEvent;

public sealed record TaskScheduledEvent(string Name, string? Input) : HistoryEvent;

public sealed record TaskCompletedEvent(int TaskScheduledId, string? Result) : HistoryEvent;

public sealed record TaskFailedEvent(int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent;

public sealed record SubOrchestrationInstanceCreatedEvent(string Name, string InstanceId, string? Input) : HistoryEvent;

public sealed record SubOrchestrationInstanceCompletedEvent(int TaskScheduledId, string? Result) : HistoryEvent;

public sealed record SubOrchestrationInstanceFailedEvent(int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent;

public sealed record TimerCreatedEvent(DateTime FireAt) : HistoryEvent;

public sealed record TimerFiredEvent(int TimerId, DateTime FireAt) : HistoryEvent;

public sealed record EventSentEvent(string InstanceId, string Name, string? Input) : HistoryEvent;

public sealed record EventRaisedEvent(string Name, string? Input) : HistoryEvent;

public sealed record EntityOperationCalledEvent(string EntityId, string Operation, string? Input, Guid RequestId) : HistoryEvent;

public sealed record EntityOperationSignaledEvent(string EntityId, string Operation, string? Input, DateTime? ScheduledTime) : HistoryEvent;

public sealed record EntityLockRequestedEvent(IReadOnlyList<string> EntityIds, Guid RequestId) : HistoryEvent;

public sealed record EntityUnlockSentEvent(IReadOnlyList<string> EntityIds, Guid RequestId) : HistoryEvent;

public sealed record EntityOperationCompletedEvent(Guid RequestId, string? Result) : HistoryEvent;

public sealed record EntityOperationFailedEvent(Guid RequestId, TaskFailureDetails FailureDetails) : HistoryEvent;

public sealed record EntityLockGrantedEvent(Guid RequestId) : HistoryEvent;
