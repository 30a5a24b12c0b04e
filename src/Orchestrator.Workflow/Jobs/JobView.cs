using System.Diagnostics.CodeAnalysis;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// A job as hosts show it: the orchestration's own report (<see cref="JobOutcome"/>: step, route decision and
/// explanation, attempts with vendor ids and statuses, money reserved and billed, stored clip, provenance) with the
/// durable instance's runtime status and timestamps, the request and who sent it, and the approval of the clip.
/// </summary>
public sealed record JobView : JobOutcome
{
    [SetsRequiredMembers]
    public JobView(JobOutcome report)
        : base(report)
    {
    }

    /// <summary>The durable instance's status: Running, Completed, Failed (a defect), Terminated, Suspended, ...</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The request as started.</summary>
    public JobRequest? Request { get; init; }

    /// <summary>The API key (id) that started the job.</summary>
    public string? KeyId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>Set once someone approved the delivered clip.</summary>
    public JobApproval? Approval { get; init; }

    /// <summary>Why the durable instance itself failed (a defect, not a job outcome), when it did.</summary>
    public string? FailureDetails { get; init; }

    /// <summary>For a job that was terminated or failed: how what it still held was released and booked.</summary>
    public Holds.HoldReleaseOutcome? Release { get; init; }
}

/// <summary>Who approved a delivered clip and when.</summary>
public sealed record JobApproval(string ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>A filter for listing jobs, a page at a time. Non-admin callers should always pass their team.</summary>
public sealed record JobQuery
{
    public string? Team { get; init; }

    /// <summary>Only jobs in one of these statuses (empty: all).</summary>
    public IReadOnlyCollection<JobStatus> Statuses { get; init; } = [];

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public int PageSize { get; init; } = 50;

    public string? ContinuationToken { get; init; }
}

/// <summary>One page of jobs and the token for the next page (null on the last).</summary>
public sealed record JobPage(IReadOnlyList<JobView> Jobs, string? ContinuationToken);

/// <summary>The result of approving a job's clip.</summary>
public enum JobApprovalResult
{
    Approved,
    NotFound,

    /// <summary>The caller may not see the job's team.</summary>
    Forbidden,

    /// <summary>Only a succeeded job has a clip to approve.</summary>
    NotSucceeded,
}
