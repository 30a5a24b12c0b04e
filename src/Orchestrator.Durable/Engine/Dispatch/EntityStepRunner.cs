using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>
/// Runs a batch of an entity's messages, one operation at a time, in arrival order. While the entity is locked, only
/// its lock owner's messages run; the others are deferred (parked) and run, still in order, after the release.
/// The state, the responses and every message the operations produced are committed together.
/// </summary>
internal sealed class EntityStepRunner(EngineServices services)
{
    /// <summary>Runs one batch; true when more messages than one batch takes are waiting.</summary>
    public async Task<bool> RunAsync(InstanceSlot slot)
    {
        long now = services.NowMs;
        List<StoredMessage> messages = services.Reader.GetMessages(slot.Id, now, includeParked: true, services.Options.MaxMessagesPerStep);
        if (!messages.Any(m => m.VisibleAt != StoreSchema.Parked))
        {
            return false;
        }
        EntityRow? row = services.Reader.GetEntity(slot.Id);
        var commit = new EntityCommit { EntityId = slot.Id, State = row?.State, Lock = row?.Lock };
        EntityInstanceId id = EntityInstanceId.FromString(slot.Id);
        await using AsyncServiceScope scope = services.ServiceProvider.CreateAsyncScope();
        ITaskEntity? entity = services.Registry.Entities.TryGetValue(id.Name, out Func<IServiceProvider, ITaskEntity>? create)
            ? create(scope.ServiceProvider)
            : null;
        var done = new bool[messages.Count];
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < messages.Count; i++)
            {
                EntityMessage message = messages[i].EntityMessage!;
                if (done[i] || (message is not EntityReleaseMessage && commit.Lock is { } owner && !IsFrom(message, owner)))
                {
                    continue;
                }
                done[i] = true;
                progress = true;
                commit.Consumed.Add(messages[i].Id);
                if (await HandleAsync(commit, id, entity, message, now))
                {
                    break; // the lock changed: deferred messages get their turn first, in order
                }
            }
        }
        for (int i = 0; i < messages.Count; i++)
        {
            if (!done[i] && messages[i].VisibleAt != StoreSchema.Parked)
            {
                commit.Parked.Add(messages[i].Id);
            }
        }
        await services.Writer.Submit(new EntityCommitOp(commit));
        return messages.Count == services.Options.MaxMessagesPerStep;
    }

    /// <summary>Handles one message; true when it changed the lock.</summary>
    private async Task<bool> HandleAsync(EntityCommit commit, EntityInstanceId id, ITaskEntity? entity, EntityMessage message, long now)
    {
        switch (message)
        {
            case EntityOperationMessage operation:
                await RunOperationAsync(commit, id, entity, operation, now);
                return false;
            case EntityLockMessage request when commit.Lock is null:
                var owner = new EntityLockOwner(request.SenderInstanceId!, request.SenderExecutionId!, request.RequestId);
                commit.Lock = owner;
                commit.Granted.Add(owner);
                if (request.Position + 1 < request.EntityIds.Count)
                {
                    commit.ToEntities.Add((request.EntityIds[request.Position + 1], request with { Position = request.Position + 1 }, null));
                }
                else
                {
                    commit.ToOrchestrations.Add((owner.InstanceId, owner.ExecutionId, new EntityLockGrantedEvent(request.RequestId) { Timestamp = Utc(now) }));
                }
                return true;
            case EntityReleaseMessage release when commit.Lock is { } held && IsFrom(release, held):
                commit.Lock = null;
                return true;
            default:
                return false;
        }
    }

    private async Task RunOperationAsync(EntityCommit commit, EntityInstanceId id, ITaskEntity? entity, EntityOperationMessage message, long now)
    {
        var context = new EngineEntityContext(id, services.Converter, now);
        var operation = new EngineEntityOperation(message.Operation, message.Input, context, commit.State, services.Converter);
        HistoryEvent response;
        try
        {
            if (entity is null)
            {
                throw new InvalidOperationException($"No entity named '{id.Name}' is registered with this engine.");
            }
            object? result = await entity.RunAsync(operation);
            response = new EntityOperationCompletedEvent(message.RequestId, services.Converter.Serialize(result));
            commit.State = operation.ResultState;
            commit.ToEntities.AddRange(context.Signals);
            commit.Starts.AddRange(context.Starts);
        }
#pragma warning disable CA1031 // an operation's failure, whatever it is, is reported to its caller and rolls back its state
        catch (Exception ex)
#pragma warning restore CA1031
        {
            response = new EntityOperationFailedEvent(message.RequestId, TaskFailureDetails.FromException(ex));
        }
        if (!message.IsSignal && message.SenderInstanceId is { } caller)
        {
            commit.ToOrchestrations.Add((caller, message.SenderExecutionId, response with { Timestamp = Utc(now) }));
        }
    }

    private static bool IsFrom(EntityMessage message, EntityLockOwner owner) =>
        message.SenderInstanceId == owner.InstanceId && message.SenderExecutionId == owner.ExecutionId;

    private static DateTime Utc(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
