using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable.Client.Entities;

/// <summary>An entity's metadata and (when requested) its state.</summary>
public class EntityMetadata<TState>(EntityInstanceId id)
{
    private readonly TState? _state;

    public EntityMetadata(EntityInstanceId id, TState? state)
        : this(id)
    {
        IncludesState = state is not null;
        _state = state;
    }

    public EntityInstanceId Id { get; } = id;

    public DateTimeOffset LastModifiedTime { get; init; }

    /// <summary>Operations waiting for this entity (e.g. while it is locked).</summary>
    public int BacklogQueueSize { get; init; }

    /// <summary>The orchestration holding this entity's lock, or null.</summary>
    public string? LockedBy { get; init; }

    public bool IncludesState { get; }

    public TState State => IncludesState ? _state! : throw new InvalidOperationException($"Cannot retrieve state when {nameof(IncludesState)}=false");
}

/// <summary>Entity metadata with the state kept serialized.</summary>
public sealed class EntityMetadata(EntityInstanceId id, SerializedData? state = null) : EntityMetadata<SerializedData>(id, state);

/// <summary>A serialized value and the converter that reads it.</summary>
public sealed class SerializedData(string data, DataConverter? converter = null)
{
    public string Value { get; } = data ?? throw new ArgumentNullException(nameof(data));

    public DataConverter Converter { get; } = converter ?? JsonDataConverter.Default;

    public T ReadAs<T>() => Converter.Deserialize<T>(Value)!;
}

/// <summary>A filter for querying entities.</summary>
public record EntityQuery
{
    public const int DefaultPageSize = 100;

    public string? InstanceIdStartsWith { get; init; }

    public DateTimeOffset? LastModifiedFrom { get; init; }

    public DateTimeOffset? LastModifiedTo { get; init; }

    public bool IncludeState { get; init; } = true;

    public int? PageSize { get; init; }

    public string? ContinuationToken { get; init; }
}
