using System.Text.Json.Serialization;

namespace Orchestrator.Durable.Engine.Entities;

/// <summary>A message delivered to an entity's queue.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(EntityOperationMessage), "operation")]
[JsonDerivedType(typeof(EntityLockMessage), "lock")]
[JsonDerivedType(typeof(EntityReleaseMessage), "release")]
internal abstract record EntityMessage
{
    /// <summary>The orchestration that sent it (instance and execution), or null for a client signal.</summary>
    public string? SenderInstanceId { get; init; }

    public string? SenderExecutionId { get; init; }
}

/// <summary>An operation: a call (answered to the sender with <see cref="RequestId"/>) or a one-way signal.</summary>
internal sealed record EntityOperationMessage(string Operation, string? Input, bool IsSignal, Guid RequestId) : EntityMessage;

/// <summary>A lock request travelling along the sorted entity list; the last entity answers the owner.</summary>
internal sealed record EntityLockMessage(Guid RequestId, IReadOnlyList<string> EntityIds, int Position) : EntityMessage;

/// <summary>Releases the lock held by the sender's execution.</summary>
internal sealed record EntityReleaseMessage(Guid RequestId) : EntityMessage;
