namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// The job orchestration, one instance per job (instance id from team and idempotency key): validate, moderate, route,
/// reserve the worst case on the team and environment budgets, submit (intent first; reconciled per vendor), wait for a
/// webhook or a backed-off durable timer, store the clip, check its C2PA provenance, book the cost row and settle the
/// budgets; on a vendor's failure, bill per rule and fail over to the next route while regenerations are left.
/// The steps are in <see cref="JobRun"/>; this class has no constructor dependencies, so any host can create it.
/// </summary>
public sealed class JobOrchestration : TaskOrchestrator<JobInput, Jobs.JobOutcome>
{
    public override Task<Jobs.JobOutcome> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new JobRun(context, input).RunAsync();
    }
}
