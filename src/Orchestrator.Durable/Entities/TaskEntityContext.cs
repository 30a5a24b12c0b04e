namespace Orchestrator.Durable.Entities;

/// <summary>What an entity operation may do besides changing state: signal entities and start orchestrations.</summary>
public abstract class TaskEntityContext
{
    public abstract EntityInstanceId Id { get; }

    public virtual void SignalEntity(EntityInstanceId id, string operationName, SignalEntityOptions options)
        => SignalEntity(id, operationName, null, options);

    /// <summary>Sends a one-way operation; sent only if the current operation succeeds.</summary>
    public abstract void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null);

    public virtual string ScheduleNewOrchestration(TaskName name, StartOrchestrationOptions options)
        => ScheduleNewOrchestration(name, null, options);

    /// <summary>Starts an orchestration once the current operation succeeds; returns its instance id.</summary>
    public abstract string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null);
}

/// <summary>The persisted state of an entity.</summary>
public abstract class TaskEntityState
{
    public abstract bool HasState { get; }

    public virtual T? GetState<T>(T? defaultValue = default) => GetState(typeof(T)) is T typed ? typed : defaultValue;

    public abstract object? GetState(Type type);

    /// <summary>Sets the state; null deletes it.</summary>
    public abstract void SetState(object? state);
}

/// <summary>One operation delivered to an entity.</summary>
public abstract class TaskEntityOperation
{
    public abstract string Name { get; }

    public abstract TaskEntityContext Context { get; }

    public abstract TaskEntityState State { get; }

    public abstract bool HasInput { get; }

    public virtual T? GetInput<T>() => (T?)GetInput(typeof(T));

    public abstract object? GetInput(Type inputType);

    public override string ToString() => $"{Context.Id.Name}/{Name}";
}
