using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Workflow.Budgets;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// A job as hosts show it: the orchestration's report (<see cref="JobOutcome"/>: step, route decision and explanation,
/// attempts with vendor ids and statuses, money reserved and billed, stored clip, provenance) with the durable
/// instance's runtime status and timestamps, the request, and the approval of the delivered clip.
/// </summary>
public sealed record JobView
{
    public required string InstanceId { get; init; }

    public required string Team { get; init; }

    public required JobEnvironment Environment { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public required JobStatus Status { get; init; }

    /// <summary>The durable instance's status: Running, Completed, Failed (a defect), Terminated, Suspended, ...</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public JobStep Step { get; init; }

    public string? Message { get; init; }

    public RoutePlan? Route { get; init; }

    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];

    public decimal ReservedUsd { get; init; }

    public decimal BilledUsd { get; init; }

    /// <summary>The stored clip: container and blob name (the host makes a SAS link from them).</summary>
    public StoredVideo? Video { get; init; }

    public ProvenanceSummary? Provenance { get; init; }

    public BudgetDecision? Budget { get; init; }

    public ModerationVerdict? Moderation { get; init; }

    public IReadOnlyList<JobRequestError> Errors { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The request, when it was read (a single job's view; listings leave it out).</summary>
    public JobRequest? Request { get; init; }

    public string? KeyId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>Set once someone approved the delivered clip.</summary>
    public JobApproval? Approval { get; init; }

    /// <summary>Why the durable instance itself failed (a defect, not a job outcome), when it did.</summary>
    public string? FailureDetails { get; init; }
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
