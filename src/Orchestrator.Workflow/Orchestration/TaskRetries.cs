namespace Orchestrator.Workflow.Orchestration;

/// <summary>The activity retry policies the workflow's orchestrations share.</summary>
internal static class TaskRetries
{
    /// <summary>A few quick tries for calls whose failure the orchestration handles itself (storage, vendor calls).</summary>
    public static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2.0));

    /// <summary>Bookkeeping must not be lost: a storage outage is retried for about an hour before the orchestration fails.</summary>
    public static readonly TaskOptions Bookkeeping = TaskOptions.FromRetryPolicy(
        new RetryPolicy(20, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromMinutes(5)));
}
