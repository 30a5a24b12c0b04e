namespace Orchestrator.Durable.Client;

/// <summary>The runtime status of an orchestration instance (values as in the Durable Task Framework).</summary>
public enum OrchestrationRuntimeStatus
{
    Running = 0,
    Completed = 1,
    ContinuedAsNew = 2,
    Failed = 3,
    Canceled = 4,
    Terminated = 5,
    Pending = 6,
    Suspended = 7,
}
