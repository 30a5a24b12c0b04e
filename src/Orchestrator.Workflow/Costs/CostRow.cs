using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Costs;

/// <summary>
/// One job attempt's cost, as stored in Table storage: partition "{team}|{yyyy-MM}" (the booking month, the same month the
/// budget entities booked it in), row "{instance id}~{run id}|a{attempt:00}" (the run: a job started again under a purged
/// instance id books rows of its own). Written once (the first write stands), so neither a redelivered activity nor the
/// release of an ended job's holds ever adds a second row or replaces a booked one. Money is decimal, stored as its exact
/// string. Every row names the rate it used, the rate's source and date, and the billing rule applied to the attempt's
/// terminal status.
/// </summary>
public sealed record CostRow
{
    public string PartitionKey => CostLedger.Partition(Team, Month);

    public string RowKey => CostLedger.RowKey(new JobRunId(InstanceId, RunId), Attempt);

    public required string Team { get; init; }

    /// <summary>The booking month, "yyyy-MM".</summary>
    public required string Month { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The run of the instance that booked this attempt (<see cref="JobRunId"/>).</summary>
    public required string RunId { get; init; }

    public required int Attempt { get; init; }

    public required string Environment { get; init; }

    /// <summary>The API key (id, never the secret) that started the job.</summary>
    public string? KeyId { get; init; }

    /// <summary>The request's tags, as a JSON object.</summary>
    public string? Tags { get; init; }

    public required string Route { get; init; }

    public required string Vendor { get; init; }

    public string? Model { get; init; }

    /// <summary>"direct" or "aggregator".</summary>
    public required string Provider { get; init; }

    public required string Resolution { get; init; }

    public required string AspectRatio { get; init; }

    public required int SecondsAsked { get; init; }

    /// <summary>Seconds of output billed (delivered or, when the vendor reported none, asked for).</summary>
    public decimal SecondsBilled { get; init; }

    public required string Audio { get; init; }

    public required string InputMode { get; init; }

    /// <summary>The rate's unit (usd-per-second, credits-per-second, ...), null when nothing was priced.</summary>
    public string? Unit { get; init; }

    public decimal? Rate { get; init; }

    public string? RateLabel { get; init; }

    public decimal? BilledUnits { get; init; }

    public string? BilledUnitLabel { get; init; }

    public required decimal CostUsd { get; init; }

    public decimal? UsdPerSecond { get; init; }

    /// <summary>The terminal status the billing rule was applied for ("completed", "failed", ...), or "not-submitted".</summary>
    public required string BillingStatus { get; init; }

    public required bool Billed { get; init; }

    /// <summary>
    /// True only on the attempt whose clip was stored and delivered. The billing status cannot tell: an unresolved submit,
    /// an unusable download or a job the hold release could not stop is billed "completed" too, and delivered nothing.
    /// </summary>
    public bool Delivered { get; init; }

    /// <summary>Set when the attempt's route promises C2PA and its clip has no valid manifest (<see cref="JobOutcome.ProvenanceWarning"/>).</summary>
    public string? ProvenanceWarning { get; init; }

    /// <summary>The billing rule's note or assumption.</summary>
    public string? BillingRule { get; init; }

    public string? PriceSource { get; init; }

    public string? PriceSourceDate { get; init; }

    public string? PriceSourceChoice { get; init; }

    public string? Package { get; init; }

    public string? Calculation { get; init; }

    /// <summary>Assumptions the price rests on, one per line.</summary>
    public string? Assumptions { get; init; }

    /// <summary>The vendor's job (request) id, when one was created.</summary>
    public string? VendorRequestId { get; init; }

    public required string SubmissionKey { get; init; }

    /// <summary>The worst case that was reserved for this attempt (released when the row is settled).</summary>
    public decimal ReservedUsd { get; init; }

    public required DateTimeOffset AttemptStartedAt { get; init; }

    /// <summary>When the attempt ended (orchestration time): the row is written right after, the same on a redelivery.</summary>
    public required DateTimeOffset AttemptEndedAt { get; init; }

    /// <summary>
    /// Set on the succeeded attempt's row when someone approves the clip (the accepted-video cost counts these). Null, not
    /// false, until then: an approval is merged into the row, leaving every other column as booked.
    /// </summary>
    public bool? Approved { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public string? ApprovedBy { get; init; }
}
