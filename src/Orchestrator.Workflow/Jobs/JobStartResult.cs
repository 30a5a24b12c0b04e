using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// The answer to a start: the job's instance id and whether it already existed (same team and idempotency key), or a
/// refusal (nothing was started).
/// </summary>
public sealed record JobStartResult(string InstanceId, bool AlreadyExisted)
{
    public JobStartRefusal? Refusal { get; init; }

    public bool Started => Refusal is null;

    public static JobStartResult Refused(string instanceId, JobStartRefusal refusal) => new(instanceId, false) { Refusal = refusal };
}

/// <summary>Why a start was refused: a stable code, a sentence, and (for an invalid request) every problem found.</summary>
public sealed record JobStartRefusal(string Code, string Message)
{
    /// <summary>The caller's key belongs to another team (and is not an admin key).</summary>
    public const string TeamMismatch = "team-mismatch";

    /// <summary>The caller's key is bound to another environment.</summary>
    public const string EnvironmentMismatch = "environment-mismatch";

    /// <summary>The idempotency key was used before for a different request.</summary>
    public const string IdempotencyConflict = "idempotency-conflict";

    public const string InvalidRequest = "invalid-request";

    public IReadOnlyList<JobRequestError> Errors { get; init; } = [];
}
