namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// How a job waits and retries, captured into its input when it starts (so a configuration change never alters a job
/// in flight or its replay). Bound from Orchestrator:Workflow:Policy.
/// </summary>
public sealed record JobPolicy
{
    /// <summary>The first poll delay; null uses the route's poll interval. Polls then back off exponentially.</summary>
    public TimeSpan? FirstPollDelay { get; init; }

    public double PollBackoff { get; init; } = 1.5;

    /// <summary>The longest wait between polls (a webhook still wakes the job at once).</summary>
    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Each delay is moved by up to this fraction, deterministically per job, attempt and poll.</summary>
    public double PollJitter { get; init; } = 0.2;

    /// <summary>The longest vendor poll hint (openai-poll-after-ms, Retry-After) honoured.</summary>
    public TimeSpan MaxPollHint { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Polls per orchestration execution before it continues as new with its state, keeping history bounded.</summary>
    public int PollsPerExecution { get; init; } = 50;

    /// <summary>Consecutive failed status calls (after the vendor pipeline's own retries) before the attempt is given up.</summary>
    public int MaxPollFailures { get; init; } = 10;

    /// <summary>Submits answered "not submitted" (throttled, circuit open) retried on a durable timer before failing over.</summary>
    public int MaxSubmitRetries { get; init; } = 3;

    /// <summary>The wait before a submit retry when the vendor gave no Retry-After.</summary>
    public TimeSpan SubmitRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before each lookup of an uncertain submit (a request in flight may still create the job).</summary>
    public TimeSpan ReconcileDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lookups of an uncertain submit before deciding.</summary>
    public int LookupAttempts { get; init; } = 3;

    /// <summary>Downloads of a finished clip tried when the vendor's stream breaks (truncated, corrupt).</summary>
    public int StoreAttempts { get; init; } = 3;

    public TimeSpan StoreRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A route that promises C2PA delivering a clip without a valid manifest: flagged (default) or refused.</summary>
    public ProvenanceRequirement ProvenanceRequirement { get; init; } = ProvenanceRequirement.Flag;

    /// <summary>A vendor's hint (a poll-after or Retry-After), honoured up to <see cref="MaxPollHint"/>.</summary>
    public TimeSpan CapHint(TimeSpan hint) => hint < MaxPollHint ? hint : MaxPollHint;

    /// <summary>Throws when a value cannot work (a zero delay, a backoff below 1).</summary>
    public JobPolicy Validated()
    {
        Require(FirstPollDelay is null || FirstPollDelay > TimeSpan.Zero, nameof(FirstPollDelay), "must be positive");
        Require(PollBackoff >= 1.0, nameof(PollBackoff), "must be 1 or more");
        Require(MaxPollDelay > TimeSpan.Zero, nameof(MaxPollDelay), "must be positive");
        Require(PollJitter is >= 0 and < 1, nameof(PollJitter), "must be at least 0 and below 1");
        Require(MaxPollHint >= TimeSpan.Zero, nameof(MaxPollHint), "must not be negative");
        Require(PollsPerExecution >= 1, nameof(PollsPerExecution), "must be 1 or more");
        Require(MaxPollFailures >= 1, nameof(MaxPollFailures), "must be 1 or more");
        Require(MaxSubmitRetries >= 0, nameof(MaxSubmitRetries), "must not be negative");
        Require(SubmitRetryDelay > TimeSpan.Zero, nameof(SubmitRetryDelay), "must be positive");
        Require(ReconcileDelay > TimeSpan.Zero, nameof(ReconcileDelay), "must be positive");
        Require(LookupAttempts >= 1, nameof(LookupAttempts), "must be 1 or more");
        Require(StoreAttempts >= 1, nameof(StoreAttempts), "must be 1 or more");
        Require(StoreRetryDelay > TimeSpan.Zero, nameof(StoreRetryDelay), "must be positive");
        Require(Enum.IsDefined(ProvenanceRequirement), nameof(ProvenanceRequirement), "must be Flag or Require");
        return this;
    }

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Orchestrator:Workflow:Policy:{name} {rule}.", name);
        }
    }
}
