using System.Globalization;

namespace Orchestrator.Workflow.Costs;

/// <summary>
/// The calendar month (UTC, "yyyy-MM") a cost is booked in. The workflow takes it once from the orchestration's time
/// when an attempt ends and hands the same value to the cost row (its partition) and to the budget entities (their
/// spent), so the ledger and the rows always agree on which month a cost belongs to.
/// </summary>
public static class BookingMonth
{
    public static string Of(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Of(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static bool IsValid(string? month) =>
        month is { Length: 7 } && DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static string Require(string? month, string parameterName) =>
        IsValid(month) ? month! : throw new ArgumentException($"'{month}' is not a month (yyyy-MM).", parameterName);

    /// <summary>The month before <paramref name="month"/>.</summary>
    public static string Previous(string month) =>
        DateTime.ParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
