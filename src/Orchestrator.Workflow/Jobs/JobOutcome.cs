using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Workflow.Budgets;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// A job as the orchestration reports it: its output once it ends (while it runs, its custom status is the brief
/// <see cref="JobProgress"/>, read back as a report without the route plan, notes or provenance). It names the route
/// decision and why, every attempt with its vendor job, state and cost, the stored clip and its provenance, and, for a
/// job refused early, the reason with its numbers. Hosts read it as a <see cref="JobView"/>, which adds what the durable
/// runtime knows.
/// </summary>
public record JobOutcome
{
    public required string InstanceId { get; init; }

    /// <summary>
    /// The run of the instance this report is about (<see cref="JobRunId"/>): a job started again under the same instance
    /// id after a purge is a new run. Null only before the orchestration first reported.
    /// </summary>
    public string? RunId { get; init; }

    public required JobStatus Status { get; init; }

    public JobStep Step { get; init; }

    public required string Team { get; init; }

    public JobEnvironment Environment { get; init; }

    /// <summary>One sentence for people: why the job ended as it did, or what it is doing.</summary>
    public string? Message { get; init; }

    /// <summary>The route plan with every candidate and the full explanation: in the output, so null while the job runs.</summary>
    public RoutePlan? Route { get; init; }

    /// <summary>The route decision in brief, while the job runs and after.</summary>
    public RouteSummary? RouteSummary { get; init; }

    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];

    /// <summary>Reserved on the budgets and not yet settled.</summary>
    public decimal ReservedUsd { get; init; }

    /// <summary>The sum of the attempts' cost rows.</summary>
    public decimal BilledUsd { get; init; }

    public StoredVideo? Video { get; init; }

    public ProvenanceSummary? Provenance { get; init; }

    /// <summary>
    /// Set when the delivered clip's route promises C2PA-signed output and the stored clip has no valid manifest (or it
    /// could not be checked), under the Flag provenance requirement: the clip is delivered, and this says what is wrong.
    /// </summary>
    public string? ProvenanceWarning { get; init; }

    /// <summary>The refusal, with the ceiling, spent, reserved and requested amounts, when the budget said no.</summary>
    public BudgetDecision? Budget { get; init; }

    public ModerationVerdict? Moderation { get; init; }

    public IReadOnlyList<JobRequestError> Errors { get; init; } = [];

    public DateTime StartedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    /// <summary>The route of the current (or last) attempt.</summary>
    public string? CurrentRoute => Attempts.Count > 0 ? Attempts[^1].Route : RouteSummary?.FirstRoute;

    /// <summary>The number of the current (or last) attempt; 0 before the first.</summary>
    public int Attempt => Attempts.Count > 0 ? Attempts[^1].Number : 0;

    public string? VendorStatus => Attempts.Count > 0 ? Attempts[^1].VendorStatus : null;

    public int? Progress => Attempts.Count > 0 ? Attempts[^1].Progress : null;

    public bool IsFinal => Status != JobStatus.Running;
}
