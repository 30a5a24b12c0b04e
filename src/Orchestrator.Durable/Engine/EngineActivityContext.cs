namespace Orchestrator.Durable.Engine;

/// <summary>
/// The engine's activity context. Besides the name and instance id it exposes the stable idempotency key of this
/// activity execution: the same key on every redelivery, different for every scheduled call.
/// </summary>
public sealed class EngineActivityContext(TaskName name, string instanceId, string executionId, int taskScheduledId, int deliveryCount)
    : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    /// <summary>The orchestration execution (changes on ContinueAsNew and restarts).</summary>
    public string ExecutionId { get; } = executionId;

    /// <summary>The sequence id of the TaskScheduled event in the orchestration's history.</summary>
    public int TaskScheduledId { get; } = taskScheduledId;

    /// <summary>1 on first delivery; higher when a crashed worker's lease expired and the activity was redelivered.</summary>
    public int DeliveryCount { get; } = deliveryCount;

    /// <summary>"{InstanceId}:{ExecutionId}:{TaskScheduledId}".</summary>
    public string IdempotencyKey => $"{InstanceId}:{ExecutionId}:{TaskScheduledId}";
}
