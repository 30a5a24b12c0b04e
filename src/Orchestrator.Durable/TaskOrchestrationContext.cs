using Microsoft.Extensions.Logging;
using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable;

/// <summary>
/// What an orchestrator may do: schedule activities, timers, sub-orchestrations and entity operations, wait for events,
/// and read replay-safe time. Every scheduling call gets the next sequence id and is matched against history on replay.
/// Members mirror Microsoft.DurableTask.TaskOrchestrationContext.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }

    public abstract string InstanceId { get; }

    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>Replay-safe current time: the timestamp of the current OrchestratorStarted event (UTC).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator re-executes recorded history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Entity operations from this orchestration.</summary>
    public virtual TaskOrchestrationEntityFeature Entities =>
        throw new NotSupportedException($"Durable entities are not supported by {GetType()}.");

    protected abstract ILoggerFactory LoggerFactory { get; }

    public abstract T? GetInput<T>();

    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null)
        => CallActivityAsync<object>(name, input, options);

    public virtual Task CallActivityAsync(TaskName name, TaskOptions options) => CallActivityAsync(name, null, options);

    public virtual Task<TResult> CallActivityAsync<TResult>(TaskName name, TaskOptions options)
        => CallActivityAsync<TResult>(name, null, options);

    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>A durable timer. An uncancelled timer keeps the orchestration Running until it fires.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an event (names are case-insensitive; waiters of one name form a LIFO stack).</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event, racing a durable timer; the loser is cancelled. Throws <see cref="TaskCanceledException"/> on timeout.</summary>
    public Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
        => WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <inheritdoc cref="WaitForExternalEvent{T}(string, TimeSpan)"/>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task timeoutTask = CreateTimer(timeout, timerCts.Token);
        using CancellationTokenSource eventCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T> eventTask = WaitForExternalEvent<T>(eventName, eventCts.Token);
        Task winner = await Task.WhenAny(timeoutTask, eventTask);
        if (winner == eventTask)
        {
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
        }
        return await eventTask;
    }

    /// <summary>Raises an event on another orchestration instance (dropped if it does not exist).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object payload);

    /// <summary>Sets the JSON custom status shown by status queries (null clears it).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    public virtual Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, TaskOptions options)
        => CallSubOrchestratorAsync<TResult>(orchestratorName, null, options);

    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, TaskOptions options)
        => CallSubOrchestratorAsync(orchestratorName, null, options);

    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        => CallSubOrchestratorAsync<object>(orchestratorName, input, options);

    /// <summary>Restarts the orchestration with new input and an empty history once the orchestrator returns.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A replay-safe GUID (name-based UUID v5 of instance id, current time and a counter).</summary>
    public abstract Guid NewGuid();

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(this, LoggerFactory.CreateLogger(categoryName));

    public virtual ILogger CreateReplaySafeLogger(Type type) => new ReplaySafeLogger(this, LoggerFactory.CreateLogger(type));

    public virtual ILogger CreateReplaySafeLogger<T>() => new ReplaySafeLogger(this, LoggerFactory.CreateLogger<T>());

    /// <summary>Drops log entries written while the orchestrator replays.</summary>
    private sealed class ReplaySafeLogger(TaskOrchestrationContext context, ILogger logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
