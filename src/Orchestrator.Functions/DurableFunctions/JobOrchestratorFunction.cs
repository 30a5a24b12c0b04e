using Microsoft.Azure.Functions.Worker;
using Orchestrator.Workflow;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Functions.DurableFunctions;

/// <summary>The job orchestration as an orchestrator function: Durable Functions replays the workflow's own class.</summary>
public static class JobOrchestratorFunction
{
    [Function(WorkflowNames.JobOrchestration)]
    public static Task<JobOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new JobOrchestration().RunAsync(context, context.GetInput<JobInput>()!);
    }
}
