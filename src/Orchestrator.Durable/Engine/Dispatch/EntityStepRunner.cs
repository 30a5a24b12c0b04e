using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>
/// Runs a batch of an entity's messages, one operation at a time, in arrival order. While the entity is locked, only
/// its lock owner's messages run; the others are deferred (parked). A locked entity reads only messages that are not
/// deferred, so its owner's calls and release are always reached, however many messages wait in front of them. A
/// release ends the batch and makes the entity due again; the next batch, unlocked, reads the deferred messages with
/// the rest and takes them, and the lock requests among them, in arrival order (first come, first served, as Durable
/// Functions' critical sections). A handover therefore costs the same however long the queue behind the lock is.
/// The state, the responses and every message the operations produced are committed together.
/// </summary>
internal sealed class EntityStepRunner(EngineServices services)
{
    /// <summary>Runs one batch; true when messages are left for another batch.</summary>
    public async Task<bool> RunAsync(InstanceSlot slot)
    {
        long now = services.NowMs;
        EntityRow? row = services.Reader.GetEntity(slot.Id);
        var commit = new EntityCommit { EntityId = slot.Id, State = row?.State, Lock = row?.Lock };
        // Unlocked, the deferred messages are read with the due ones in arrival order; locked, only the due ones are.
        List<StoredMessage> messages = services.Reader.GetMessages(slot.Id, now, includeParked: commit.Lock is null, services.Options.MaxMessagesPerStep);
        if (messages.Count == 0)
        {
            return false;
        }
        EntityInstanceId id = EntityInstanceId.FromString(slot.Id);
        await using AsyncServiceScope scope = services.ServiceProvider.CreateAsyncScope();
        ITaskEntity? entity = services.Registry.Entities.TryGetValue(id.Name, out Func<IServiceProvider, ITaskEntity>? create)
            ? create(scope.ServiceProvider)
            : null;
        bool released = false;
        foreach (StoredMessage stored in messages)
        {
            EntityMessage message = stored.EntityMessage!;
            if (message is not EntityReleaseMessage && commit.Lock is { } owner && !IsFrom(message, owner))
            {
                if (stored.VisibleAt != StoreSchema.Parked)
                {
                    commit.Parked.Add(stored.Id);
                }
                continue;
            }
            commit.Consumed.Add(stored.Id);
            bool wasLocked = commit.Lock is not null;
            await HandleAsync(commit, id, entity, message, now);
            if (wasLocked && commit.Lock is null)
            {
                released = true; // the deferred messages (older than the rest of this batch) go first
                break;
            }
        }
        await services.Writer.Submit(new EntityCommitOp(commit));
        return released || messages.Count == services.Options.MaxMessagesPerStep;
    }

    /// <summary>Handles one message: runs an operation, grants the lock or takes its owner's release.</summary>
    private async Task HandleAsync(EntityCommit commit, EntityInstanceId id, ITaskEntity? entity, EntityMessage message, long now)
    {
        switch (message)
        {
            case EntityOperationMessage operation:
                await RunOperationAsync(commit, id, entity, operation, now);
                break;
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
                break;
            case EntityReleaseMessage release when commit.Lock is { } held && IsFrom(release, held):
                commit.Lock = null;
                break;
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
