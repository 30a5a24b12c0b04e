namespace Orchestrator.Workflow.Costs;

/// <summary>
/// Spend reports from the cost rows (Table storage). Months are "yyyy-MM" (UTC booking months). Every figure is a sum of
/// rows, so it matches the budget entities' ledger for the same month.
/// </summary>
public interface ICostReports
{
    /// <summary>Every cost row of a team's month, one per job attempt.</summary>
    IAsyncEnumerable<CostRow> RowsAsync(string team, string month, CancellationToken cancellationToken = default);

    /// <summary>A team's month: total billed, attempts, jobs, per vendor, and the accepted-video cost.</summary>
    Task<TeamMonthSpend> SpendByTeamAsync(string team, string month, CancellationToken cancellationToken = default);

    /// <summary>Every team that booked anything in the month.</summary>
    Task<IReadOnlyList<TeamMonthSpend>> SpendByTeamAsync(string month, CancellationToken cancellationToken = default);

    /// <summary>Spend per vendor in the month, for one team or (when <paramref name="team"/> is null) all teams.</summary>
    Task<IReadOnlyList<VendorSpend>> SpendByVendorAsync(string month, string? team = null, CancellationToken cancellationToken = default);

    /// <summary>Total billed in the month (failed attempts and regenerations included) divided by the clips approved.</summary>
    Task<AcceptedVideoCost> AcceptedVideoCostAsync(string team, string month, CancellationToken cancellationToken = default);
}

/// <summary>A team's spend in one month.</summary>
public sealed record TeamMonthSpend(
    string Team,
    string Month,
    decimal BilledUsd,
    int Attempts,
    int Jobs,
    /// <summary>Jobs with a delivered attempt (a stored clip) booked in the month.</summary>
    int SucceededJobs,

    /// <summary>Delivered clips whose route promises C2PA but whose manifest is absent or invalid (flagged, not refused).</summary>
    int ProvenanceWarnings,
    IReadOnlyList<VendorSpend> ByVendor,
    AcceptedVideoCost AcceptedVideo);

/// <summary>One vendor's share: billed, attempts, attempts that delivered no clip (whatever their billing status), seconds billed.</summary>
public sealed record VendorSpend(string Vendor, decimal BilledUsd, int Attempts, int UndeliveredAttempts, decimal SecondsBilled);

/// <summary>
/// What one approved clip really cost: everything billed (failures and regenerations too) over the approved clips, with
/// the clips delivered (an approval counts only on a delivered attempt's row).
/// </summary>
public sealed record AcceptedVideoCost(string Team, string Month, decimal BilledUsd, int DeliveredVideos, int ApprovedVideos, decimal? UsdPerApprovedVideo);
