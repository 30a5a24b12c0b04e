namespace Orchestrator.Core.Pricing;

/// <summary>
/// A monthly spend forecast (pricing.md): clips x cost per clip x attempts per kept clip, where attempts come from an expected
/// regeneration count or from a first-take success rate p (1/p: 70% gives about 1.43x).
/// </summary>
public sealed record Forecast
{
    public required string Route { get; init; }

    public required int ClipsPerMonth { get; init; }

    public required decimal SecondsPerClip { get; init; }

    public required decimal UsdPerSecond { get; init; }

    public required decimal CostPerAttemptUsd { get; init; }

    public required decimal AttemptsPerKeptClip { get; init; }

    public required decimal CostPerKeptClipUsd { get; init; }

    public required decimal MonthlyUsd { get; init; }

    public required string Calculation { get; init; }

    /// <summary>Forecasts from a priced quote; <paramref name="attemptsPerKeptClip"/> is at least 1 (3 triples the naive estimate).</summary>
    public static Forecast Monthly(PriceQuote perClip, int clipsPerMonth, decimal attemptsPerKeptClip)
    {
        ArgumentNullException.ThrowIfNull(perClip);
        if (!perClip.IsPriced)
        {
            throw new ArgumentException($"{perClip.Route} has no price: {perClip.Unpriced}", nameof(perClip));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(clipsPerMonth);
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsPerKeptClip, 1m);
        var perKept = perClip.CostUsd * attemptsPerKeptClip;
        var monthly = perKept * clipsPerMonth;
        return new Forecast
        {
            Route = perClip.Route,
            ClipsPerMonth = clipsPerMonth,
            SecondsPerClip = perClip.OutputSeconds,
            UsdPerSecond = perClip.UsdPerSecond ?? 0m,
            CostPerAttemptUsd = perClip.CostUsd,
            AttemptsPerKeptClip = Money.Round(attemptsPerKeptClip),
            CostPerKeptClipUsd = Money.Round(perKept),
            MonthlyUsd = Money.Round(monthly),
            Calculation = $"{clipsPerMonth} clips x {Money.Format(perClip.CostUsd)} USD per attempt x {Money.Format(Money.Round(attemptsPerKeptClip))} attempts per kept clip = {Money.Format(Money.Round(monthly))} USD",
        };
    }

    /// <summary>Attempts per kept clip for a first-take success rate in (0, 1].</summary>
    public static decimal AttemptsFromSuccessRate(decimal firstTakeSuccessRate)
    {
        if (firstTakeSuccessRate <= 0m || firstTakeSuccessRate > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(firstTakeSuccessRate), firstTakeSuccessRate, "A success rate is more than 0 and at most 1.");
        }
        return 1m / firstTakeSuccessRate;
    }
}
