using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>An orchestration instance in memory: its row fields and, once started, its executor.</summary>
internal sealed class OrchestrationSession
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required string ExecutionId { get; set; }

    public required OrchestrationRuntimeStatus Status { get; set; }

    public ParentInstanceInfo? Parent { get; set; }

    /// <summary>Rows in history (the next sequence number).</summary>
    public int HistoryCount { get; set; }

    /// <summary>Null until the current execution's ExecutionStarted has been processed.</summary>
    public OrchestrationExecutor? Executor { get; set; }

    public bool IsFinished => Store.WriteContext.IsTerminal(Status);
}
