using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine;

/// <summary>
/// The engine's orchestration context. Each scheduling call takes the next sequence id and records an action event;
/// during replay the executor matches recorded scheduling events against these actions by id, type and name.
/// </summary>
internal sealed partial class EngineOrchestrationContext(
    TaskName name,
    string instanceId,
    ParentOrchestrationInstance? parent,
    ExecutionSettings settings,
    OrchestrationSynchronizationContext sync) : TaskOrchestrationContext
{
    private readonly List<HistoryEvent> _unrecorded = [];
    private readonly Dictionary<int, TaskCompletionSource<TaskOutcome>> _openTasks = [];
    private readonly Dictionary<Guid, TaskCompletionSource<TaskOutcome>> _entityWaits = [];
    private EngineEntityFeature? _entities;
    private int _nextId;
    private int _guidCounter;
    private string? _serializedInput;
    private object? _input;

    public override TaskName Name => name;

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => parent;

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => Replaying;

    public override TaskOrchestrationEntityFeature Entities => _entities ??= new EngineEntityFeature(this);

    protected override ILoggerFactory LoggerFactory => settings.LoggerFactory;

    internal DateTime Now { get; set; }

    internal bool Replaying { get; set; }

    internal object? CustomStatus { get; private set; }

    internal ContinueAsNewRequest? ContinueAsNewRequest { get; private set; }

    internal DataConverter Converter => settings.Converter;

    /// <summary>Durable work still outstanding: activities, sub-orchestrations, uncancelled timers, entity requests.</summary>
    internal int OpenTaskCount => _openTasks.Count + _entityWaits.Count;

    public override T? GetInput<T>() where T : default =>
        _input is T typed ? typed : Converter.Deserialize<T>(_serializedInput);

    internal void SetInput(string? serialized, object? deserialized)
    {
        _serializedInput = serialized;
        _input = deserialized;
    }

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        if (input is TaskOptions && options is null)
        {
            throw new ArgumentException("A TaskOptions value was passed as the activity input; pass it as options.", nameof(input));
        }
        string? serialized = Converter.Serialize(input);
        string? result = await WithRetry(options?.Retry?.Policy, () =>
        {
            int id = NextId();
            Record(new TaskScheduledEvent(name.Name, serialized) { EventId = id, Timestamp = Now });
            return AwaitTask(id, name.Name);
        });
        return Converter.Deserialize<TResult>(result)!;
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        string childId = (options as SubOrchestrationOptions)?.InstanceId ?? NewGuid().ToString("N");
        if (childId.StartsWith('@'))
        {
            throw new ArgumentException("Orchestration instance ids may not start with '@' (reserved for entities).", nameof(options));
        }
        string? serialized = Converter.Serialize(input);
        string? result = await WithRetry(options?.Retry?.Policy, () =>
        {
            int id = NextId();
            Record(new SubOrchestrationInstanceCreatedEvent(orchestratorName.Name, childId, serialized) { EventId = id, Timestamp = Now });
            return AwaitTask(id, orchestratorName.Name);
        });
        return Converter.Deserialize<TResult>(result)!;
    }

    public override async Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        DateTime target = fireAt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(fireAt, DateTimeKind.Utc) : fireAt.ToUniversalTime();
        // Long timers are chained in chunks no longer than the maximum timer interval.
        while (target - Now > settings.MaximumTimerInterval && !cancellationToken.IsCancellationRequested)
        {
            await OneTimer(Now + settings.MaximumTimerInterval, cancellationToken);
        }
        await OneTimer(target, cancellationToken);
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        int id = NextId();
        Record(new EventSentEvent(instanceId, eventName, Converter.Serialize(payload)) { EventId = id, Timestamp = Now });
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        IReadOnlyList<EventRaisedEvent> carried = preserveUnprocessedEvents ? TakeBufferedEvents() : [];
        ContinueAsNewRequest = new ContinueAsNewRequest(Converter.Serialize(newInput), carried);
    }

    public override Guid NewGuid()
    {
        string seed = string.Concat(InstanceId, "_", Now.ToString("o", CultureInfo.InvariantCulture), "_",
            _guidCounter.ToString(CultureInfo.InvariantCulture));
        _guidCounter++;
        return DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, seed);
    }

    /// <summary>Actions scheduled since the last step that history does not hold yet, in scheduling order.</summary>
    internal IReadOnlyList<HistoryEvent> TakeUnrecordedActions()
    {
        HistoryEvent[] actions = [.. _unrecorded];
        _unrecorded.Clear();
        return actions;
    }

    /// <summary>Replay: a recorded scheduling event must match the action with the same id, type and name.</summary>
    internal void MatchRecorded(HistoryEvent recorded)
    {
        int index = _unrecorded.FindIndex(a => a.EventId == recorded.EventId);
        if (index < 0)
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' ({InstanceId}): history holds {ReplayMatching.Describe(recorded)} with id {recorded.EventId}, " +
                "but the orchestrator did not schedule it when replayed. Was the orchestrator code changed while instances were running?");
        }
        HistoryEvent action = _unrecorded[index];
        if (!ReplayMatching.SameAction(action, recorded))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' ({InstanceId}): history holds {ReplayMatching.Describe(recorded)} with id {recorded.EventId}, " +
                $"but the orchestrator now schedules {ReplayMatching.Describe(action)} with that id.");
        }
        _unrecorded.RemoveAt(index);
    }

    internal void CompleteTask(int taskId, TaskOutcome outcome)
    {
        if (_openTasks.Remove(taskId, out TaskCompletionSource<TaskOutcome>? source))
        {
            source.TrySetResult(outcome);
        }
    }

    internal void CompleteEntityRequest(Guid requestId, TaskOutcome outcome)
    {
        if (_entityWaits.Remove(requestId, out TaskCompletionSource<TaskOutcome>? source))
        {
            source.TrySetResult(outcome);
        }
    }

    internal int NextId()
    {
        if (!sync.IsOrchestratorThread)
        {
            throw new InvalidOperationException(
                "Orchestration APIs must be called from the orchestrator's thread: do not use Task.Run, ConfigureAwait(false) or non-durable awaits in orchestrators.");
        }
        return _nextId++;
    }

    internal void Record(HistoryEvent action) => _unrecorded.Add(action);

    internal Task<TaskOutcome> WaitForEntity(Guid requestId)
    {
        var source = new TaskCompletionSource<TaskOutcome>();
        _entityWaits[requestId] = source;
        return source.Task;
    }

    private async Task<string?> AwaitTask(int id, string taskName)
    {
        var source = new TaskCompletionSource<TaskOutcome>();
        _openTasks[id] = source;
        TaskOutcome outcome = await source.Task;
        return outcome.Failure is null ? outcome.Result : throw new TaskFailedException(taskName, id, outcome.Failure);
    }

    private Task<TaskOutcome> OneTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        int id = NextId();
        Record(new TimerCreatedEvent(fireAt) { EventId = id, Timestamp = Now });
        var source = new TaskCompletionSource<TaskOutcome>();
        _openTasks[id] = source;
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (_openTasks.Remove(id))
                {
                    source.TrySetCanceled(cancellationToken);
                }
            });
        }
        return source.Task;
    }

    /// <summary>Retries with durable timers between attempts, exactly as <see cref="RetryPolicy"/> describes.</summary>
    private async Task<string?> WithRetry(RetryPolicy? policy, Func<Task<string?>> attempt)
    {
        if (policy is null)
        {
            return await attempt();
        }
        DateTime firstAttemptAt = Now;
        for (int retry = 0; ; retry++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failure)
            {
                TimeSpan? delay = policy.NextDelay(retry, firstAttemptAt, Now, failure.FailureDetails);
                if (delay is null)
                {
                    throw;
                }
                await CreateTimer(Now + delay.Value, CancellationToken.None);
            }
        }
    }
}
