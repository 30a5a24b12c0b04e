using System.Text.Json.Serialization;

namespace Orchestrator.Workflow.Jobs;

/// <summary>Where a job stands. Every value but <see cref="Running"/> is final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    Running,

    /// <summary>The clip is stored, its provenance checked, its cost booked.</summary>
    Succeeded,

    /// <summary>The request broke a rule (a queue message that skipped the API's parser): nothing reserved or billed.</summary>
    Invalid,

    /// <summary>Our moderation gate blocked the prompt: nothing reserved, submitted or billed.</summary>
    Moderated,

    /// <summary>No route can make this clip (see the route explanation): nothing reserved or billed.</summary>
    NoEligibleRoute,

    /// <summary>The team's or environment's monthly ceiling cannot hold the worst-case estimate (see the budget numbers).</summary>
    BudgetExceeded,

    /// <summary>The vendor's safety system refused the prompt or the output: billed per the vendor's rule, never retried.</summary>
    Refused,

    /// <summary>Every allowed attempt failed (vendor faults, bad output, uncertain submits) or the failure was not the vendor's.</summary>
    Failed,

    /// <summary>The last attempt ran past its route's timeout and was cancelled at the vendor.</summary>
    TimedOut,

    /// <summary>Cancelled on request; a submitted attempt was cancelled at the vendor and billed per rule.</summary>
    Canceled,
}

/// <summary>The step a job is at (custom status "step").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStep>))]
public enum JobStep
{
    Validating,
    Moderating,
    Routing,
    Reserving,
    Submitting,
    Waiting,
    Storing,
    CheckingProvenance,
    RecordingCost,
    Settling,
    Done,
}

/// <summary>How one attempt (one route, one vendor job) stands or ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptState>))]
public enum AttemptState
{
    /// <summary>Budget reserved; nothing sent yet.</summary>
    Reserved,

    /// <summary>Intent recorded and the submit under way, or being reconciled after an uncertain answer.</summary>
    Submitting,

    Queued,
    Running,
    Succeeded,
    Failed,

    /// <summary>The vendor's safety system refused it.</summary>
    Refused,

    /// <summary>The vendor refused the request itself (validation, account) before any job existed.</summary>
    Rejected,

    TimedOut,
    Canceled,

    /// <summary>The vendor finished but its output was gone before it could be stored.</summary>
    Expired,

    /// <summary>Never reached the vendor (throttled or its circuit open past the retries).</summary>
    NotSubmitted,

    /// <summary>The submit may have created a job that no lookup can find: billed as if it ran, and failed over.</summary>
    Unresolved,
}
