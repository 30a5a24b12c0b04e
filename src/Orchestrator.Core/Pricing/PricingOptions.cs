namespace Orchestrator.Core.Pricing;

/// <summary>Pricing settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed record PricingOptions
{
    public const string SectionName = "Orchestrator:Pricing";

    /// <summary>A rate catalog file that replaces the one shipped with Core; empty for the shipped one.</summary>
    public string? CatalogPath { get; init; }

    /// <summary>The source of record per route, overriding the catalog's own choice (a request's priceSource overrides both).</summary>
    public IList<SourceOfRecordEntry> SourceOfRecord { get; init; } = [];

    /// <summary>The package each vendor's units or credits were bought in (e.g. kling = kling-package-3), by package key.</summary>
    public IDictionary<string, string> Packages { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One route's source of record (a list of entries binds from configuration keys without '/' in them).</summary>
public sealed record SourceOfRecordEntry
{
    public string Route { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;
}
