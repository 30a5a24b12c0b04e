using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// Everything the orchestration knows about its job, carried whole through ContinueAsNew: the step, the route plan,
/// the attempts (the last one is current), the vendor job being waited for, and what ended the job.
/// </summary>
public sealed class JobState
{
    /// <summary>This run's id, drawn when the job started (<see cref="JobRunId.Draw"/>): every per-attempt key names it.</summary>
    public string RunId { get; set; } = string.Empty;

    public DateTime StartedAt { get; set; }

    public JobStep Step { get; set; }

    public JobStatus Status { get; set; } = JobStatus.Running;

    public string? Message { get; set; }

    public RoutePlan? Plan { get; set; }

    /// <summary>The index of the next candidate route to try.</summary>
    public int NextCandidate { get; set; }

    /// <summary>1 + the regenerations allowed (the request's and the budgets' smallest); 0 until the first reservation.</summary>
    public int MaxAttempts { get; set; }

    public List<AttemptRecord> Attempts { get; set; } = [];

    /// <summary>The current attempt's vendor job while it runs.</summary>
    public VendorJobRef? VendorJob { get; set; }

    /// <summary>Status calls failed in a row for the current attempt.</summary>
    public int PollFailures { get; set; }

    public StoredVideo? Video { get; set; }

    public ProvenanceSummary? Provenance { get; set; }

    /// <summary>Why the delivered clip's provenance falls short of what its route promises; null when it does not.</summary>
    public string? ProvenanceWarning { get; set; }

    public BudgetDecision? Budget { get; set; }

    public ModerationVerdict? Moderation { get; set; }

    public List<JobRequestError> Errors { get; set; } = [];

    /// <summary>How many times the orchestration continued as new.</summary>
    public int Executions { get; set; }
}
