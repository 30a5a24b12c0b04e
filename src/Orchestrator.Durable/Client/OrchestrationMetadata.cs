namespace Orchestrator.Durable.Client;

/// <summary>A snapshot of an orchestration instance's status.</summary>
public sealed class OrchestrationMetadata(string name, string instanceId)
{
    public string Name { get; } = name;

    public string InstanceId { get; } = instanceId;

    /// <summary>Set only when inputs and outputs were requested.</summary>
    public DataConverter? DataConverter { get; init; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    /// <summary>The custom status as JSON.</summary>
    public string? SerializedCustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    public T? ReadInputAs<T>() => Converter(nameof(ReadInputAs)).Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => Converter(nameof(ReadOutputAs)).Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => Converter(nameof(ReadCustomStatusAs)).Deserialize<T>(SerializedCustomStatus);

    public override string ToString() =>
        $"[Name: '{Name}', ID: '{InstanceId}', RuntimeStatus: {RuntimeStatus}, CreatedAt: {CreatedAt:s}, LastUpdatedAt: {LastUpdatedAt:s}]";

    private DataConverter Converter(string method) => DataConverter ?? throw new InvalidOperationException(
        $"{method} can only be used on {nameof(OrchestrationMetadata)} fetched with inputs and outputs.");
}
