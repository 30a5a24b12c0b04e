using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine;

/// <summary>
/// Runs one execution of an orchestrator: replays its history (IsReplaying = true), then applies new events in
/// steps. Each event is applied and every continuation it triggers runs to quiescence before the next event, both
/// originally and on replay, so sequence ids are assigned in the same order. An executor may be kept in memory
/// between steps (the store stays the source of truth) or rebuilt from history at any time.
/// </summary>
internal sealed class OrchestrationExecutor
{
    private readonly OrchestrationSynchronizationContext _sync = new();
    private readonly EngineOrchestrationContext _context;
    private readonly ITaskOrchestrator? _orchestrator;
    private readonly ExecutionSettings _settings;
    private Task<object?>? _run;
    private Exception? _fatal;

    public OrchestrationExecutor(TaskName name, string instanceId, string executionId, ParentOrchestrationInstance? parent,
        ITaskOrchestrator? orchestrator, ExecutionSettings settings)
    {
        ExecutionId = executionId;
        _orchestrator = orchestrator;
        _settings = settings;
        _context = new EngineOrchestrationContext(name, instanceId, parent, settings, _sync);
    }

    public string ExecutionId { get; }

    /// <summary>Rebuilds in-memory state from recorded history.</summary>
    public void Replay(IEnumerable<HistoryEvent> history)
    {
        _context.Replaying = true;
        foreach (HistoryEvent e in history)
        {
            if (_fatal is not null)
            {
                return;
            }
            Apply(e, replaying: true);
        }
    }

    /// <summary>Applies new events at <paramref name="now"/> and returns what to append to history.</summary>
    public OrchestrationStep Execute(IReadOnlyList<HistoryEvent> inputs, DateTime now)
    {
        _context.Replaying = false;
        DateTime stepTime = now > _context.Now ? now : _context.Now;
        var history = new List<HistoryEvent> { new OrchestratorStartedEvent { Timestamp = stepTime } };
        Apply(history[0], replaying: false);
        foreach (HistoryEvent input in inputs)
        {
            history.Add(input);
            if (_fatal is null)
            {
                Apply(input, replaying: false);
            }
        }
        IReadOnlyList<HistoryEvent> actions = _fatal is null ? _context.TakeUnrecordedActions() : [];
        history.AddRange(actions);
        OrchestrationOutcome outcome = Outcome();
        HistoryEvent? final = outcome.Status switch
        {
            OrchestrationRuntimeStatus.Completed => new ExecutionCompletedEvent(outcome.Status, outcome.Output),
            OrchestrationRuntimeStatus.Failed => new ExecutionCompletedEvent(outcome.Status, null, outcome.Failure),
            OrchestrationRuntimeStatus.ContinuedAsNew => new ContinueAsNewEvent(outcome.ContinueAsNew!.Input),
            _ => null,
        };
        if (final is not null)
        {
            history.Add(final with { Timestamp = stepTime });
        }
        history.Add(new OrchestratorCompletedEvent { Timestamp = stepTime });
        return new OrchestrationStep(history, actions, outcome);
    }

    private void Apply(HistoryEvent e, bool replaying)
    {
        try
        {
            switch (e)
            {
                case OrchestratorStartedEvent started:
                    _context.Now = DateTime.SpecifyKind(started.Timestamp, DateTimeKind.Utc);
                    break;
                case ExecutionStartedEvent started:
                    Start(started);
                    break;
                case TaskCompletedEvent or TaskFailedEvent or SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent or TimerFiredEvent:
                    (int taskId, TaskOutcome outcome) = TaskResult(e);
                    _sync.Run(() => _context.CompleteTask(taskId, outcome));
                    break;
                case EntityOperationCompletedEvent or EntityOperationFailedEvent or EntityLockGrantedEvent:
                    (Guid requestId, TaskOutcome response) = EntityResult(e);
                    _sync.Run(() => _context.CompleteEntityRequest(requestId, response));
                    break;
                case EventRaisedEvent raised:
                    _sync.Run(() => _context.DeliverEvent(raised));
                    break;
                case { } scheduling when replaying && ReplayMatching.IsSchedulingEvent(scheduling):
                    _context.MatchRecorded(scheduling);
                    break;
            }
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            _fatal = ex;
        }
    }

    private static (int TaskId, TaskOutcome Outcome) TaskResult(HistoryEvent e) => e switch
    {
        TaskCompletedEvent c => (c.TaskScheduledId, new TaskOutcome(c.Result, null)),
        TaskFailedEvent f => (f.TaskScheduledId, new TaskOutcome(null, f.FailureDetails)),
        SubOrchestrationInstanceCompletedEvent c => (c.TaskScheduledId, new TaskOutcome(c.Result, null)),
        SubOrchestrationInstanceFailedEvent f => (f.TaskScheduledId, new TaskOutcome(null, f.FailureDetails)),
        TimerFiredEvent t => (t.TimerId, default),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.EventType, "not a task result"),
    };

    private static (Guid RequestId, TaskOutcome Outcome) EntityResult(HistoryEvent e) => e switch
    {
        EntityOperationCompletedEvent c => (c.RequestId, new TaskOutcome(c.Result, null)),
        EntityOperationFailedEvent f => (f.RequestId, new TaskOutcome(null, f.FailureDetails)),
        EntityLockGrantedEvent g => (g.RequestId, default),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.EventType, "not an entity response"),
    };

    private void Start(ExecutionStartedEvent started)
    {
        if (_run is not null)
        {
            return;
        }
        if (_orchestrator is null)
        {
            _fatal = new InvalidOperationException($"No orchestrator named '{started.Name}' is registered with this engine.");
            return;
        }
        object? input;
        try
        {
            input = _settings.Converter.Deserialize(started.Input, _orchestrator.InputType);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            _fatal = new ArgumentException($"The input of orchestration '{started.Name}' cannot be read as {_orchestrator.InputType.Name}: {ex.Message}", ex);
            return;
        }
        _context.SetInput(started.Input, input);
        _sync.Run(() => _run = RunOrchestrator(input));
    }

    private async Task<object?> RunOrchestrator(object? input) => await _orchestrator!.RunAsync(_context, input);

    private OrchestrationOutcome Outcome()
    {
        string? customStatus = SerializeCustomStatus();
        if (_fatal is not null)
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.Failed, Failure: TaskFailureDetails.FromException(_fatal), CustomStatus: customStatus);
        }
        if (_run is null || !_run.IsCompleted)
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.Running, CustomStatus: customStatus);
        }
        if (!_run.IsCompletedSuccessfully)
        {
            Exception error = _run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was cancelled.");
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.Failed, Failure: TaskFailureDetails.FromException(error), CustomStatus: customStatus);
        }
        if (_context.ContinueAsNewRequest is { } next)
        {
            return new OrchestrationOutcome(OrchestrationRuntimeStatus.ContinuedAsNew, CustomStatus: customStatus, ContinueAsNew: next);
        }
        // An orchestrator that returned still waits for its open durable tasks (e.g. an uncancelled timer).
        return _context.OpenTaskCount > 0
            ? new OrchestrationOutcome(OrchestrationRuntimeStatus.Running, CustomStatus: customStatus)
            : new OrchestrationOutcome(OrchestrationRuntimeStatus.Completed, _settings.Converter.Serialize(_run.Result), CustomStatus: customStatus);
    }

    private string? SerializeCustomStatus()
    {
        try
        {
            return _settings.Converter.Serialize(_context.CustomStatus);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            _fatal ??= ex;
            return null;
        }
    }
}
