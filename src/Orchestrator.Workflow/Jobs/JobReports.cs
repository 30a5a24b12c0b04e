namespace Orchestrator.Workflow.Jobs;

/// <summary>A job instance's own report of itself, as the durable client shows it.</summary>
internal static class JobReports
{
    /// <summary>The output of a completed job, else its custom status; null before the orchestration first reported.</summary>
    public static JobOutcome? Of(OrchestrationMetadata job) =>
        (job.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? job.ReadOutputAs<JobOutcome>() : null) ?? job.ReadCustomStatusAs<JobOutcome>();

    /// <summary>The run the instance holds now (null before it reported): the run a hold or a webhook must match.</summary>
    public static JobRunId? RunOf(OrchestrationMetadata job) => Of(job)?.RunId is { } runId ? new JobRunId(job.InstanceId, runId) : null;
}
