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

/// <summary>A <see cref="Journal"/> whose operation on <see cref="GateValue"/> waits until <see cref="Gate"/> opens.</summary>
public sealed class GatedJournal : TaskEntity<List<int>>
{
    public const int GateValue = 10;

    public static TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<int> Append(int value)
    {
        if (value == GateValue)
        {
            Reached.TrySetResult();
            await Gate.Task;
        }
        State.Add(value);
        return State.Count;
    }
}
