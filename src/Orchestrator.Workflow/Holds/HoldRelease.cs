using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Holds;

/// <summary>
/// What the release of an ended job run's holds starts from, captured when it is started (so a later purge of the job
/// changes nothing): the run, its team, and what its instance still showed. <see cref="Request"/> is null when the run's
/// instance is gone (purged, perhaps already holding a later run); then <see cref="Environment"/> comes from the quota
/// entity that holds money for the run (null if none does).
/// </summary>
public sealed record HoldReleaseInput
{
    public required JobRunId Run { get; init; }

    public required string Team { get; init; }

    public JobEnvironment? Environment { get; init; }

    public JobRequest? Request { get; init; }

    /// <summary>The API key (id) that started the job.</summary>
    public string? KeyId { get; init; }

    /// <summary>The attempts as the job last reported them (its custom status), for their start times.</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];

    /// <summary>The job's own policy: how long to wait for a submit call that was under way when it ended.</summary>
    public JobPolicy Policy { get; init; } = new();

    /// <summary>How the job ended, for people ("was terminated", "failed (...)").</summary>
    public required string Reason { get; init; }
}

/// <summary>What the release did, attempt by attempt (its custom status while it runs, its output at the end).</summary>
public sealed record HoldReleaseOutcome
{
    public required JobRunId Run { get; init; }

    public required string Reason { get; init; }

    public IReadOnlyList<ReleasedAttempt> Attempts { get; init; } = [];

    /// <summary>Every hold the job had is settled or released.</summary>
    public bool Done { get; init; }

    public decimal BilledUsd => Attempts.Sum(attempt => attempt.CostUsd);

    public DateTime StartedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

/// <summary>
/// One attempt's holds, ended: what was reserved and on which budgets ("team", "team:environment"), what was booked (its
/// cost row, the billing status its rule was applied for) or that it was released unbilled, and why.
/// </summary>
public sealed record ReleasedAttempt
{
    public required int Attempt { get; init; }

    public required decimal ReservedUsd { get; init; }

    public IReadOnlyList<string> Budgets { get; init; } = [];

    public decimal CostUsd { get; init; }

    /// <summary>"canceled", "completed", ... as on the cost row; null when the hold was released with nothing billed.</summary>
    public string? BillingStatus { get; init; }

    public string? CostPartition { get; init; }

    public string? CostRow { get; init; }

    public string? VendorJobId { get; init; }

    public required string Note { get; init; }
}
