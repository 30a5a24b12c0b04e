using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Jobs;

/// <summary>Starts, reads, lists, cancels, terminates and approves jobs, and routes verified vendor webhooks to them.</summary>
public interface IJobService
{
    /// <summary>
    /// Starts a job, idempotently: the instance id comes from the team and the idempotency key (derived from the request's
    /// canonical JSON when it has none), so the same request started twice is one job. Refused (a result, not an
    /// exception, nothing started) when the caller's key belongs to another team (unless admin) or environment, when the
    /// key was used for a different request, or when the request breaks a rule.
    /// </summary>
    Task<JobStartResult> StartAsync(JobRequest request, JobCaller caller, CancellationToken cancellationToken = default);

    /// <summary>The job, or null when no job has this id.</summary>
    Task<JobView?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Jobs by team, status and creation time, newest first within a page.</summary>
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands a verified webhook to its job (found by the submission key in the callback, or by the vendor's job id) as a
    /// hint to poll now. False when no job matches, including a webhook of an earlier run of a purged instance id that now
    /// holds a new run; true when one does (a finished job ignores it).
    /// </summary>
    Task<bool> RaiseVendorUpdateAsync(VendorWebhook verified, CancellationToken cancellationToken = default);

    /// <summary>Asks a running job to stop (cancelled at the vendor, billed per rule, the rest released); false when it is not running.</summary>
    Task<bool> CancelAsync(string instanceId, JobCaller caller, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Terminates a running job at once (no more steps run) and releases what it holds: a vendor job is cancelled at the
    /// vendor and booked per the route's billing rule, the rest of the reservation released. False when it is not running.
    /// </summary>
    Task<bool> TerminateAsync(string instanceId, JobCaller caller, string reason, CancellationToken cancellationToken = default);

    /// <summary>Approves a succeeded job's clip: its cost row counts towards the accepted-video cost.</summary>
    Task<JobApprovalResult> ApproveAsync(string instanceId, JobCaller caller, CancellationToken cancellationToken = default);
}
