using Microsoft.Azure.Functions.Worker;
using Orchestrator.Workflow;
using Orchestrator.Workflow.Holds;

namespace Orchestrator.Functions.DurableFunctions;

/// <summary>The release of an ended job's holds as an orchestrator function: Durable Functions replays the workflow's own class.</summary>
public static class ReleaseJobHoldsFunction
{
    [Function(WorkflowNames.ReleaseJobHolds)]
    public static Task<HoldReleaseOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ReleaseJobHolds().RunAsync(context, context.GetInput<HoldReleaseInput>()!);
    }
}
