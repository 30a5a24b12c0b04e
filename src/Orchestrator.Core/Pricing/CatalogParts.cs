namespace Orchestrator.Core.Pricing;

/// <summary>A source of prices. <see cref="Date"/> is ISO, as precise as the source is: "2026-04-30" or just "2026".</summary>
public sealed record RateSource(string Key, string Title, string Date, string DateKind);

/// <summary>What a vendor's prepaid units, credits or points cost, and whether they fund the API at all.</summary>
public sealed record PricePackage
{
    public required string Key { get; init; }

    public required string Vendor { get; init; }

    public required string Name { get; init; }

    /// <summary>api-resource-package, api-credits, seat-plan, consumer-plan or consumer-points.</summary>
    public required string Kind { get; init; }

    public required string Source { get; init; }

    public decimal? PriceUsd { get; init; }

    public decimal? Units { get; init; }

    public decimal? UsdPerUnit { get; init; }

    public int? ValidityDays { get; init; }

    public int? ConcurrentTasks { get; init; }

    public required bool FundsApi { get; init; }

    public string? Note { get; init; }

    /// <summary>The stated USD per unit, or price / units when only those are given.</summary>
    public decimal? EffectiveUsdPerUnit => UsdPerUnit ?? (PriceUsd is { } price && Units is > 0 ? price / Units.Value : null);
}

public enum BillingRounding
{
    /// <summary>Billed as reported.</summary>
    None,

    /// <summary>Output seconds rounded to the nearest whole second (Kling, S-HF).</summary>
    NearestSecond,
}

/// <summary>How a vendor counts billed seconds.</summary>
public sealed record VendorBillingPolicy(string Vendor, BillingRounding Rounding, string Source, string? Note = null);

/// <summary>How a job ended, for the billing decision.</summary>
public enum TerminalStatus
{
    Completed,
    Failed,
    Canceled,
    Expired,

    /// <summary>Blocked by our moderation gate before submit.</summary>
    ModeratedByUs,

    /// <summary>Refused by the vendor's own safety checks after submit.</summary>
    RefusedByVendor,
    TimedOut,
}

/// <summary>Whether a vendor bills a job that ended in <see cref="Status"/>; "*" is every vendor without a row of its own.</summary>
public sealed record BillingRule
{
    public const string AnyVendor = "*";

    public required string Vendor { get; init; }

    public required TerminalStatus Status { get; init; }

    public required bool Billed { get; init; }

    public string? Source { get; init; }

    /// <summary>Set when no source says: the conservative choice made and why.</summary>
    public string? Assumption { get; init; }

    public string? Note { get; init; }
}

public enum FindingSeverity
{
    Info,
    Warning,

    /// <summary>The row is wrong in itself: it is flagged and never prices a quote.</summary>
    Error,
}

/// <summary>One result of the catalog check: a row that does not reconcile, sources that conflict, a route left unpriced.</summary>
public sealed record CatalogFinding(FindingSeverity Severity, string Code, string Subject, string Message)
{
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Code} {Subject}: {Message}";
}
