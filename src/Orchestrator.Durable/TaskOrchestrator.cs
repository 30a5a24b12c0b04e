namespace Orchestrator.Durable;

/// <summary>Common interface of orchestrators; implement <see cref="TaskOrchestrator{TInput, TOutput}"/> instead.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>Base class of orchestrators. Orchestrator code must be deterministic: it is replayed from history.</summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await RunAsync(context, TypedInput.Cast<TInput>(input));
    }

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);
}

/// <summary>Common interface of activities; implement <see cref="TaskActivity{TInput, TOutput}"/> instead.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// Base class of activities: the units of real work. Activities run at least once, so they must be idempotent
/// (key effects by <see cref="TaskActivityContext.InstanceId"/> and the task id the engine exposes).
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await RunAsync(context, TypedInput.Cast<TInput>(input));
    }

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);
}

/// <summary>Context of one activity execution.</summary>
public abstract class TaskActivityContext
{
    /// <summary>The activity's name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The id of the orchestration instance that scheduled the activity.</summary>
    public abstract string InstanceId { get; }
}

internal static class TypedInput
{
    public static T Cast<T>(object? input) => input switch
    {
        T typed => typed,
        null => default!,
        _ => throw new ArgumentException($"Input type '{input.GetType()}' does not match expected type '{typeof(T)}'."),
    };
}
