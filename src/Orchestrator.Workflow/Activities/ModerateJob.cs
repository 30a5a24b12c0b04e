using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;

namespace Orchestrator.Workflow.Activities;

/// <summary>The moderation gate: the local policy, then the remote service when one is configured (its call is I/O).</summary>
public sealed class ModerateJob(ModerationGate gate) : TaskActivity<JobRequest, ModerationVerdict>
{
    public override Task<ModerationVerdict> RunAsync(TaskActivityContext context, JobRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return gate.CheckAsync(input, CancellationToken.None);
    }
}
