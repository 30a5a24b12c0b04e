using Orchestrator.Durable.Client.Entities;
using Orchestrator.Durable.Engine;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Hosting;

/// <summary>The entity client of an embedded engine.</summary>
internal sealed class DurableEngineEntityClient(EngineServices services) : DurableEntityClient("durable-engine")
{
    public override async Task SignalEntityAsync(
        EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name, nameof(id));
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        cancellation.ThrowIfCancellationRequested();
        await services.Writer.Submit(new SignalEntityOp(id.ToString(), operationName, services.Converter.Serialize(input), options?.SignalTime?.ToUnixTimeMilliseconds()));
    }

    public override Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        EntityRow? row = Read(id, cancellation);
        return Task.FromResult(row is null ? null : new EntityMetadata(id, includeState && row.State is not null ? new SerializedData(row.State, services.Converter) : null)
        {
            LastModifiedTime = DateTimeOffset.FromUnixTimeMilliseconds(row.LastModified),
            LockedBy = row.Lock?.InstanceId,
            BacklogQueueSize = row.Backlog,
        });
    }

    public override Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        EntityRow? row = Read(id, cancellation);
        return Task.FromResult(row is null ? null : new EntityMetadata<T>(id, includeState ? services.Converter.Deserialize<T>(row.State) : default)
        {
            LastModifiedTime = DateTimeOffset.FromUnixTimeMilliseconds(row.LastModified),
            LockedBy = row.Lock?.InstanceId,
            BacklogQueueSize = row.Backlog,
        });
    }

    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null)
    {
        EntityQuery query = filter ?? new EntityQuery();
        return Pageable.Create<EntityMetadata>((token, size, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            (List<EntityRow> rows, string? next) = services.Reader.QueryEntities(
                query.InstanceIdStartsWith, query.LastModifiedFrom?.ToUnixTimeMilliseconds() ?? long.MinValue,
                query.LastModifiedTo?.ToUnixTimeMilliseconds() ?? long.MaxValue, size ?? query.PageSize ?? EntityQuery.DefaultPageSize,
                token ?? query.ContinuationToken);
            var page = rows.Select(r => new EntityMetadata(EntityInstanceId.FromString(r.EntityId),
                query.IncludeState && r.State is not null ? new SerializedData(r.State, services.Converter) : null)
            {
                LastModifiedTime = DateTimeOffset.FromUnixTimeMilliseconds(r.LastModified),
                LockedBy = r.Lock?.InstanceId,
            }).ToList();
            return Task.FromResult(new Page<EntityMetadata>(page, next));
        });
    }

    /// <summary>The entity if it exists: it has state or is locked.</summary>
    private EntityRow? Read(EntityInstanceId id, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name, nameof(id));
        cancellation.ThrowIfCancellationRequested();
        EntityRow? row = services.Reader.GetEntity(id.ToString());
        return row is { State: not null } or { Lock: not null } ? row : null;
    }
}
