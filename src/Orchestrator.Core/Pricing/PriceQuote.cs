using Orchestrator.Core.Jobs;
using Orchestrator.Core.Routing;

namespace Orchestrator.Core.Pricing;

/// <summary>What a price is for: a quote before work, the worst case to reserve budget, or the actual cost at the end.</summary>
public enum PriceBasis
{
    Quote,
    WorstCase,
    Actual,
}

/// <summary>
/// A price for one request on one route, carrying everything a cost row needs: route, vendor, model, provider, unit, rate,
/// billed units, cost, USD per second, the rate's source and date, the package that valued its units, and the assumptions it
/// rests on. When no row prices the request, <see cref="IsPriced"/> is false and <see cref="Unpriced"/> says why.
/// </summary>
public sealed record PriceQuote
{
    public required string Route { get; init; }

    public required string Vendor { get; init; }

    /// <summary>The vendor model id for the request's input mode (or the model the vendor reports having run, for actual costs).</summary>
    public string? Model { get; init; }

    public required ProviderKind Provider { get; init; }

    public required InputMode InputMode { get; init; }

    public required PriceBasis Basis { get; init; }

    public string? Unpriced { get; init; }

    public bool IsPriced => Unpriced is null;

    public RateUnit? Unit { get; init; }

    /// <summary>The row's rate in its own unit (see <see cref="RateLabel"/>): USD/s, credits/s, units/s, USD per 1000 tokens, USD per clip...</summary>
    public decimal? Rate { get; init; }

    public string? RateLabel { get; init; }

    public decimal? BilledUnits { get; init; }

    /// <summary>s, credits, units, tokens, clips or generations.</summary>
    public string? BilledUnitLabel { get; init; }

    /// <summary>Seconds of output delivered (or asked for).</summary>
    public required decimal OutputSeconds { get; init; }

    public decimal CostUsd { get; init; }

    /// <summary>Cost per second of output at the resolution shipped: the unit for comparing routes.</summary>
    public decimal? UsdPerSecond { get; init; }

    public string? Source { get; init; }

    public string? SourceDate { get; init; }

    /// <summary>How the source was chosen: the request's priceSource, the configured or the catalog's source of record, or the newest source.</summary>
    public string? SourceChoice { get; init; }

    public string? RowId { get; init; }

    public PackageUse? Package { get; init; }

    public IReadOnlyList<AppliedMultiplier> Multipliers { get; init; } = [];

    public IReadOnlyList<string> Assumptions { get; init; } = [];

    public bool RestsOnAssumption => Assumptions.Count > 0;

    /// <summary>The arithmetic, for people: "5 s x 0.084 USD/s = 0.42 USD".</summary>
    public string? Calculation { get; init; }

    /// <summary>For <see cref="PriceBasis.Actual"/>: the terminal status and whether the vendor bills it.</summary>
    public TerminalStatus? Status { get; init; }

    public bool Billed { get; init; } = true;

    public string? BillingNote { get; init; }
}

/// <summary>The package or credit plan that valued a row's units or credits.</summary>
public sealed record PackageUse(string Key, string Name, decimal UsdPerUnit);

/// <summary>A multiplier row applied to the price (HDR surcharge, video-reference discount).</summary>
public sealed record AppliedMultiplier(string RowId, decimal Factor, string Source, string Label);

/// <summary>What the vendor reported at the end, for the actual cost. Any field may be missing; the calculator says what it assumed.</summary>
public sealed record VendorUsage
{
    public static VendorUsage None { get; } = new();

    /// <summary>The length of the delivered clip.</summary>
    public decimal? OutputSeconds { get; init; }

    /// <summary>Billed seconds, when the vendor reports them apart from the clip length.</summary>
    public decimal? BilledSeconds { get; init; }

    /// <summary>Tokens used (BytePlus usage.total_tokens), for token-priced routes.</summary>
    public decimal? Tokens { get; init; }

    public int? Clips { get; init; }

    /// <summary>The model that actually ran (Kling may fall back to a cheaper model).</summary>
    public string? Model { get; init; }
}
