using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable.Tests;

/// <summary>A counter entity: operations are its public methods.</summary>
public sealed class Counter : TaskEntity<int>
{
    public int Add(int amount)
    {
        State += amount;
        return State;
    }

    public int Get() => State;

    /// <summary>Changes the state, then throws: the change must be rolled back.</summary>
    public void AddThenFail(int amount)
    {
        State += amount;
        throw new InvalidOperationException("budget exceeded");
    }

    public void Reset(TaskEntityContext context)
    {
        State = 0;
        context.SignalEntity(new EntityInstanceId("audit", context.Id.Key), "Add", 1);
    }
}

/// <summary>Records the values it is given, in the order its operations ran.</summary>
public sealed class Journal : TaskEntity<List<int>>
{
    public int Append(int value)
    {
        State.Add(value);
        return State.Count;
    }
}
