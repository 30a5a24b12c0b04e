namespace Orchestrator.Workflow.Jobs;

/// <summary>Which durable runtime statuses mean an instance still runs, and which that it has ended.</summary>
internal static class InstanceStates
{
    public static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    public static readonly OrchestrationRuntimeStatus[] Ended =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public static bool IsActive(OrchestrationRuntimeStatus status) => Active.Contains(status);

    public static bool HasEnded(OrchestrationRuntimeStatus status) => Ended.Contains(status);
}
