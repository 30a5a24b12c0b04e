using Orchestrator.Core.Pricing;
using Orchestrator.Vendors;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// One attempt of a job: a route, its budget reservation, the vendor job it created (if any), how it ended, what it
/// cost and under which billing rule, and notes on anything unusual (reconciled submits, cancels, failovers).
/// </summary>
public sealed record AttemptRecord
{
    public required int Number { get; init; }

    public required string Route { get; init; }

    public required string Vendor { get; init; }

    /// <summary>"{instance id}~{run id}-a{number}" (<see cref="JobRunId.SubmissionKey"/>): the key the vendor sees (Kling external_task_id, our signed callback URLs).</summary>
    public required string SubmissionKey { get; init; }

    public AttemptState State { get; init; } = AttemptState.Reserved;

    public string? VendorJobId { get; init; }

    /// <summary>The vendor's own status word, as last seen.</summary>
    public string? VendorStatus { get; init; }

    /// <summary>0-100 when the vendor reports it.</summary>
    public int? Progress { get; init; }

    /// <summary>The worst-case estimate reserved on the team and environment budgets for this attempt.</summary>
    public decimal ReservedUsd { get; init; }

    /// <summary>What the cost row says this attempt cost (0 when not billed); null until it is booked.</summary>
    public decimal? BilledUsd { get; init; }

    /// <summary>The terminal status the billing rule was applied for; null when nothing reached the vendor.</summary>
    public TerminalStatus? BillingStatus { get; init; }

    public string? BillingNote { get; init; }

    public VendorFailure? Failure { get; init; }

    /// <summary>Vendor calls made for this attempt: submits (a repeat only where it is safe), status polls, webhooks received.</summary>
    public int Submits { get; init; }

    public int Polls { get; init; }

    public int Webhooks { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime? SubmittedAt { get; init; }

    /// <summary>When the attempt times out at the vendor (submit time + the route's timeout).</summary>
    public DateTime? Deadline { get; init; }

    public DateTime? EndedAt { get; init; }

    /// <summary>The cost row: partition "team|yyyy-MM" (the booking month) and row key.</summary>
    public string? CostPartition { get; init; }

    public string? CostRow { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public AttemptRecord WithNote(string note) => this with { Notes = [.. Notes, note] };
}
