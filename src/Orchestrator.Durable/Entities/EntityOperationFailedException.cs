namespace Orchestrator.Durable.Entities;

/// <summary>Thrown in an orchestration when an entity operation it called threw.</summary>
public sealed class EntityOperationFailedException(EntityInstanceId entityId, string operationName, TaskFailureDetails failureDetails)
    : Exception($"Operation '{operationName}' of entity '{entityId}' failed: {failureDetails.ErrorMessage}")
{
    public EntityInstanceId EntityId { get; } = entityId;

    public string OperationName { get; } = operationName;

    public TaskFailureDetails FailureDetails { get; } = failureDetails;
}
