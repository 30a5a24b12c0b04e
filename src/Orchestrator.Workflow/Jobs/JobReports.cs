using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Jobs;

/// <summary>A job instance's own report of itself, as the durable client shows it (read with inputs and outputs).</summary>
internal static class JobReports
{
    /// <summary>
    /// The output of a completed job, else what its custom status tells (<see cref="JobProgress.ToOutcome"/>); null before
    /// the orchestration first reported.
    /// </summary>
    public static JobOutcome? Of(OrchestrationMetadata job) =>
        (job.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? job.ReadOutputAs<JobOutcome>() : null)
        ?? job.ReadCustomStatusAs<JobProgress>()?.ToOutcome(job.InstanceId);

    /// <summary>
    /// The run the instance holds now: from its report, or from the state a continued execution carries in its input.
    /// Null only for a first execution that has not reported yet, which holds nothing yet.
    /// </summary>
    public static JobRunId? RunOf(OrchestrationMetadata job) =>
        (Of(job)?.RunId ?? job.ReadInputAs<JobInput>()?.Resume?.RunId) is { Length: > 0 } runId ? new JobRunId(job.InstanceId, runId) : null;
}
