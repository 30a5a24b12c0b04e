using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable.Engine.Entities;

/// <summary>One entity operation with its own copy of the state: the copy is committed only if the operation succeeds.</summary>
internal sealed class EngineEntityOperation(string name, string? input, EngineEntityContext context, string? state, DataConverter converter)
    : TaskEntityOperation
{
    private readonly OperationState _state = new(state, converter);

    public override string Name => name;

    public override TaskEntityContext Context => context;

    public override TaskEntityState State => _state;

    public override bool HasInput => input is not null;

    /// <summary>The state after the operation (serialized; null when deleted).</summary>
    public string? ResultState => _state.Json;

    public override object? GetInput(Type inputType) => converter.Deserialize(input, inputType);

    private sealed class OperationState(string? json, DataConverter converter) : TaskEntityState
    {
        public string? Json { get; private set; } = json;

        public override bool HasState => Json is not null;

        public override object? GetState(Type type) => converter.Deserialize(Json, type);

        public override void SetState(object? state) => Json = converter.Serialize(state);
    }
}

/// <summary>An entity's context for one operation: the signals and orchestration starts it asked for.</summary>
internal sealed class EngineEntityContext(EntityInstanceId id, DataConverter converter, long now) : TaskEntityContext
{
    public override EntityInstanceId Id => id;

    public List<(string EntityId, EntityMessage Message, long? VisibleAt)> Signals { get; } = [];

    public List<(string InstanceId, string Name, string? Input, long? StartAt)> Starts { get; } = [];

    public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        long? at = options?.SignalTime?.ToUnixTimeMilliseconds();
        Signals.Add((id.ToString(), new EntityOperationMessage(operationName, converter.Serialize(input), true, Guid.Empty), at));
    }

    public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null)
    {
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        long? startAt = options?.StartAt?.ToUnixTimeMilliseconds();
        Starts.Add((instanceId, name.Name, converter.Serialize(input), startAt is { } at && at > now ? at : null));
        return instanceId;
    }
}
