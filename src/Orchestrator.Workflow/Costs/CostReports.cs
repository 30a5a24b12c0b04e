using Orchestrator.Core.Pricing;
using Orchestrator.Storage.Tables;

namespace Orchestrator.Workflow.Costs;

/// <summary>The reports over <see cref="CostLedger"/>: a team's month is one partition; cross-team views scan the month column.</summary>
public sealed class CostReports(CostLedger ledger) : ICostReports
{
    public IAsyncEnumerable<CostRow> RowsAsync(string team, string month, CancellationToken cancellationToken = default) =>
        ledger.MonthAsync(team, month, cancellationToken);

    public async Task<TeamMonthSpend> SpendByTeamAsync(string team, string month, CancellationToken cancellationToken = default) =>
        Summarize(team, month, await ledger.MonthAsync(team, month, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<TeamMonthSpend>> SpendByTeamAsync(string month, CancellationToken cancellationToken = default)
    {
        var rows = await ledger.QueryAsync(MonthFilter(month), cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.GroupBy(row => row.Team, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => Summarize(group.Key, month, [.. group]))];
    }

    public async Task<IReadOnlyList<VendorSpend>> SpendByVendorAsync(string month, string? team = null, CancellationToken cancellationToken = default)
    {
        var rows = team is null
            ? await ledger.QueryAsync(MonthFilter(month), cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await ledger.MonthAsync(team, month, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ByVendor(rows);
    }

    public async Task<AcceptedVideoCost> AcceptedVideoCostAsync(string team, string month, CancellationToken cancellationToken = default) =>
        Accepted(team, month, await ledger.MonthAsync(team, month, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));

    private static TeamMonthSpend Summarize(string team, string month, List<CostRow> rows) => new(
        team,
        month,
        rows.Sum(row => row.CostUsd),
        rows.Count,
        rows.Select(row => row.InstanceId).Distinct(StringComparer.Ordinal).Count(),
        rows.Where(row => row.Delivered).Select(row => row.InstanceId).Distinct(StringComparer.Ordinal).Count(),
        rows.Count(row => row.Delivered && row.ProvenanceWarning is not null),
        ByVendor(rows),
        Accepted(team, month, rows));

    private static List<VendorSpend> ByVendor(List<CostRow> rows) =>
        [.. rows.GroupBy(row => row.Vendor, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new VendorSpend(group.Key, group.Sum(row => row.CostUsd), group.Count(), group.Count(row => !row.Delivered), group.Sum(row => row.SecondsBilled)))];

    private static AcceptedVideoCost Accepted(string team, string month, List<CostRow> rows)
    {
        var billed = rows.Sum(row => row.CostUsd);
        var delivered = rows.Where(row => row.Delivered).ToList();
        var approved = delivered.Where(row => row.Approved == true).Select(row => row.InstanceId).Distinct(StringComparer.Ordinal).Count();
        return new AcceptedVideoCost(team, month, billed, delivered.Select(row => row.InstanceId).Distinct(StringComparer.Ordinal).Count(), approved,
            approved == 0 ? null : Money.Round(billed / approved));
    }

    private static string MonthFilter(string month) =>
        TableFilter.Create($"Month eq {BookingMonth.Require(month, nameof(month))}");
}
