using System.Diagnostics.CodeAnalysis;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine;

/// <summary>
/// Entity calls, signals and critical sections for one orchestration. Request ids come from the context's
/// deterministic NewGuid, as in the Durable Task SDK, so GUID sequences match production.
/// </summary>
internal sealed class EngineEntityFeature(EngineOrchestrationContext context) : TaskOrchestrationEntityFeature
{
    private readonly HashSet<string> _callsInFlight = new(StringComparer.Ordinal);
    private IReadOnlyList<EntityInstanceId>? _locked;
    private Guid _criticalSection;

    public override async Task<TResult> CallEntityAsync<TResult>(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null)
    {
        string? result = await Call(id, operationName, input);
        return context.Converter.Deserialize<TResult>(result)!;
    }

    public override Task CallEntityAsync(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null)
        => Call(id, operationName, input);

    public override Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null)
    {
        RequireEntity(id);
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        if (IsLocked(id))
        {
            throw new InvalidOperationException($"Entity {id} is locked by this critical section: call it instead of signalling it.");
        }
        int eventId = context.NextId();
        DateTime? at = options?.SignalTime?.UtcDateTime;
        context.Record(new EntityOperationSignaledEvent(id.ToString(), operationName, context.Converter.Serialize(input), at)
        {
            EventId = eventId,
            Timestamp = context.Now,
        });
        return Task.CompletedTask;
    }

    public override async Task<IAsyncDisposable> LockEntitiesAsync(IEnumerable<EntityInstanceId> entityIds)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        if (_locked is not null)
        {
            throw new InvalidOperationException("Critical sections cannot be nested: this orchestration already holds entity locks.");
        }
        EntityInstanceId[] sorted = entityIds.Distinct().OrderBy(e => e.ToString(), StringComparer.Ordinal).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("The list of entities to lock must not be empty.", nameof(entityIds));
        }
        foreach (EntityInstanceId id in sorted)
        {
            RequireEntity(id);
        }
        Guid requestId = context.NewGuid();
        int eventId = context.NextId();
        string[] ids = sorted.Select(e => e.ToString()).ToArray();
        context.Record(new EntityLockRequestedEvent(ids, requestId) { EventId = eventId, Timestamp = context.Now });
        await context.WaitForEntity(requestId);
        _locked = sorted;
        _criticalSection = requestId;
        return new Releaser(this, requestId);
    }

    public override bool InCriticalSection([NotNullWhen(true)] out IReadOnlyList<EntityInstanceId>? entityIds)
    {
        entityIds = _locked;
        return _locked is not null;
    }

    private async Task<string?> Call(EntityInstanceId id, string operationName, object? input)
    {
        RequireEntity(id);
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        string key = id.ToString();
        if (_locked is not null)
        {
            if (!IsLocked(id))
            {
                throw new InvalidOperationException($"Inside a critical section only locked entities can be called; {id} is not locked.");
            }
            if (!_callsInFlight.Add(key))
            {
                throw new InvalidOperationException($"Entity {id} already has a call in flight from this critical section.");
            }
        }
        Guid requestId = context.NewGuid();
        int eventId = context.NextId();
        context.Record(new EntityOperationCalledEvent(key, operationName, context.Converter.Serialize(input), requestId)
        {
            EventId = eventId,
            Timestamp = context.Now,
        });
        TaskOutcome outcome = await context.WaitForEntity(requestId);
        _callsInFlight.Remove(key);
        return outcome.Failure is null ? outcome.Result : throw new EntityOperationFailedException(id, operationName, outcome.Failure);
    }

    private void Release(Guid requestId)
    {
        if (_locked is null || _criticalSection != requestId)
        {
            return;
        }
        int eventId = context.NextId();
        context.Record(new EntityUnlockSentEvent(_locked.Select(e => e.ToString()).ToArray(), requestId)
        {
            EventId = eventId,
            Timestamp = context.Now,
        });
        _locked = null;
        _callsInFlight.Clear();
    }

    private bool IsLocked(EntityInstanceId id) => _locked?.Contains(id) == true;

    private static void RequireEntity(EntityInstanceId id)
    {
        if (string.IsNullOrEmpty(id.Name))
        {
            throw new ArgumentException("An entity id is required.", nameof(id));
        }
    }

    private sealed class Releaser(EngineEntityFeature feature, Guid requestId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            feature.Release(requestId);
            return ValueTask.CompletedTask;
        }
    }
}
