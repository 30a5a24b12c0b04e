namespace Orchestrator.Durable.Entities;

/// <summary>The entity contract: run one operation, return its result.</summary>
public interface ITaskEntity
{
    ValueTask<object?> RunAsync(TaskEntityOperation operation);
}

/// <summary>
/// An entity whose public instance methods are its operations (matched case-insensitively). A method may bind the
/// operation input (any other parameter type), a <see cref="TaskEntityContext"/> and the <see cref="TaskEntityOperation"/>.
/// <see cref="State"/> is loaded before and saved after each operation; <c>delete</c> is implicit.
/// </summary>
public abstract class TaskEntity<TState> : ITaskEntity
{
    /// <summary>The entity state; set it to null to delete the entity.</summary>
    protected TState State { get; set; } = default!;

    protected TaskEntityContext Context { get; private set; } = null!;

    public async ValueTask<object?> RunAsync(TaskEntityOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Context = operation.Context;
        object? stored = operation.State.GetState(typeof(TState));
        State = stored is null ? InitializeState(operation) : (TState)stored;
        if (!EntityMethodBinder.TryBind(this, operation, out Func<Task<object?>>? invoke))
        {
            if (string.Equals(operation.Name, "delete", StringComparison.OrdinalIgnoreCase))
            {
                operation.State.SetState(null);
                return null;
            }
            throw new NotSupportedException($"No suitable method found for entity operation '{operation}'.");
        }
        object? result = await invoke!();
        operation.State.SetState(State);
        return result;
    }

    /// <summary>The state of a new entity (default: a new <typeparamref name="TState"/>).</summary>
    protected virtual TState InitializeState(TaskEntityOperation operation)
    {
        Type type = Nullable.GetUnderlyingType(typeof(TState)) ?? typeof(TState);
        return type == typeof(string) ? default! : (TState)Activator.CreateInstance(type)!;
    }
}
