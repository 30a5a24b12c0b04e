using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable.Client.Entities;

/// <summary>Reads and signals entities from outside orchestrations.</summary>
public abstract class DurableEntityClient(string name)
{
    public string Name { get; } = name;

    public abstract Task SignalEntityAsync(
        EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default);

    public virtual Task SignalEntityAsync(EntityInstanceId id, string operationName, SignalEntityOptions options, CancellationToken cancellation = default)
        => SignalEntityAsync(id, operationName, null, options, cancellation);

    public virtual Task SignalEntityAsync(EntityInstanceId id, string operationName, CancellationToken cancellation)
        => SignalEntityAsync(id, operationName, null, null, cancellation);

    /// <summary>The entity, or null if it does not exist (never operated on, or deleted).</summary>
    public abstract Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default);

    public virtual Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, CancellationToken cancellation)
        => GetEntityAsync(id, includeState: true, cancellation);

    public abstract Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default);

    public virtual Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, CancellationToken cancellation)
        => GetEntityAsync<T>(id, includeState: true, cancellation);

    public abstract AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null);
}
