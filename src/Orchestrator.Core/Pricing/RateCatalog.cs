using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Pricing;

/// <summary>
/// The rate catalog (Pricing/rate-catalog.json, or an operator's file from <see cref="PricingOptions.CatalogPath"/>): every
/// sourced price row, the packages that value credits and units, the default source of record per route, and the billing
/// rules per vendor and terminal status. Loading rejects a malformed file; <see cref="Findings"/> holds the reconciliation
/// check, and rows it flags as errors never price a quote.
/// </summary>
public sealed partial class RateCatalog
{
    private const string ResourceName = "Orchestrator.Core.Pricing.rate-catalog.json";
    private static readonly Lazy<RateCatalog> Embedded = new(() => Load(null));

    private readonly Document document;
    private readonly Dictionary<string, RateSource> sources;
    private readonly Dictionary<string, PricePackage> packages;
    private readonly ILookup<string, RateRow> rowsByRoute;
    private readonly HashSet<string> flagged;

    private RateCatalog(Document document)
    {
        this.document = document;
        sources = document.Sources.ToDictionary(source => source.Key, StringComparer.Ordinal);
        packages = document.Packages.ToDictionary(package => package.Key, StringComparer.Ordinal);
        rowsByRoute = document.Rates.SelectMany(row => row.Routes.Select(route => (route, row))).ToLookup(pair => pair.route, pair => pair.row, StringComparer.Ordinal);
        SourceKeys = sources.Keys.ToHashSet(StringComparer.Ordinal);
        Findings = RateReconciliation.Check(this);
        flagged = Findings.Where(finding => finding.Severity == FindingSeverity.Error).Select(finding => finding.Subject).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The catalog shipped with Core.</summary>
    public static RateCatalog Default => Embedded.Value;

    public IReadOnlyList<RateSource> Sources => document.Sources;

    public IReadOnlySet<string> SourceKeys { get; }

    public IReadOnlyList<RateRow> Rows => document.Rates;

    public IReadOnlyList<PricePackage> Packages => document.Packages;

    public IReadOnlyList<BillingRule> BillingRules => document.Billing;

    /// <summary>The reconciliation check of the rows and packages, run on load.</summary>
    public IReadOnlyList<CatalogFinding> Findings { get; }

    public static RateCatalog Load(string? overridePath) => From(DataFiles.Read<Document>(ResourceName, overridePath), overridePath ?? ResourceName);

    public static RateCatalog Parse(Stream json) => From(DataFiles.Deserialize<Document>(json, "rate catalog"), "rate catalog");

    public RateSource Source(string key) => sources.TryGetValue(key, out var source) ? source : throw new KeyNotFoundException($"No rate source '{key}'.");

    public PricePackage? Package(string key) => packages.GetValueOrDefault(key);

    /// <summary>Every row that names <paramref name="routeId"/>, quotable or not, flagged or not.</summary>
    public IEnumerable<RateRow> RowsFor(string routeId) => rowsByRoute[routeId];

    /// <summary>The rows that may price a quote on <paramref name="routeId"/>: quotable, and not flagged by the check.</summary>
    internal IEnumerable<RateRow> QuotableRowsFor(string routeId) => rowsByRoute[routeId].Where(row => row.IsQuotable && !IsFlagged(row.Id));

    /// <summary>Whether the check found the row wrong in itself (it never prices a quote).</summary>
    public bool IsFlagged(string rowId) => flagged.Contains(rowId);

    /// <summary>The catalog's own source of record for a route, used when neither the request nor configuration names one.</summary>
    public string? DefaultSourceOfRecord(string routeId) => document.SourceOfRecord.GetValueOrDefault(routeId);

    /// <summary>The catalog's own source of record, by route.</summary>
    public IReadOnlyDictionary<string, string> SourcesOfRecord => document.SourceOfRecord;

    /// <summary>The package that values a vendor's units or credits when configuration names none.</summary>
    public string? DefaultPackage(string vendor) => document.DefaultPackages.GetValueOrDefault(vendor);

    public VendorBillingPolicy BillingPolicy(string vendor) =>
        document.VendorBilling.FirstOrDefault(policy => policy.Vendor == vendor) ?? new VendorBillingPolicy(vendor, BillingRounding.None, string.Empty);

    /// <summary>The vendor's own rule for <paramref name="status"/>, else the rule for every vendor.</summary>
    public BillingRule BillingRuleFor(string vendor, TerminalStatus status) =>
        document.Billing.FirstOrDefault(rule => rule.Vendor == vendor && rule.Status == status)
        ?? document.Billing.First(rule => rule.Vendor == BillingRule.AnyVendor && rule.Status == status);

    private static RateCatalog From(Document document, string origin)
    {
        var problems = Check(document).ToList();
        if (problems.Count > 0)
        {
            throw new CatalogFormatException($"{origin} has {problems.Count} problem(s).", problems);
        }
        return new RateCatalog(document);
    }

    private static IEnumerable<string> Check(Document document)
    {
        var sourceKeys = document.Sources.Select(source => source.Key).ToHashSet(StringComparer.Ordinal);
        var packageKeys = document.Packages.Select(package => package.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var source in document.Sources.Where(source => !DatePattern().IsMatch(source.Date)))
        {
            yield return $"Source {source.Key}: date '{source.Date}' is not YYYY, YYYY-MM or YYYY-MM-DD.";
        }
        foreach (var duplicate in Duplicates(document.Sources.Select(source => source.Key)).Concat(Duplicates(document.Packages.Select(package => package.Key))).Concat(Duplicates(document.Rates.Select(row => row.Id))))
        {
            yield return $"'{duplicate}' is defined more than once.";
        }
        foreach (var package in document.Packages.Where(package => !sourceKeys.Contains(package.Source)))
        {
            yield return $"Package {package.Key}: unknown source '{package.Source}'.";
        }
        foreach (var row in document.Rates)
        {
            if (!sourceKeys.Contains(row.Source))
            {
                yield return $"Row {row.Id}: unknown source '{row.Source}'.";
            }
            if (row.Package is { } package && !packageKeys.Contains(package))
            {
                yield return $"Row {row.Id}: unknown package '{package}'.";
            }
            if (MissingFigure(row) is { } missing)
            {
                yield return $"Row {row.Id}: a {row.Unit} row needs {missing}.";
            }
            if (row.IsQuotable && row.Routes.Count == 0)
            {
                yield return $"Row {row.Id}: a quotable row must name the routes it prices.";
            }
            if (row.IsQuotable && row.Minimum && (row.Resolution is null || row.MaxSeconds is null))
            {
                yield return $"Row {row.Id}: a minimum price must be limited to the request it describes (resolution and maxSeconds), so it never prices a larger one.";
            }
            if (row.IsQuotable && row.Unit is RateUnit.UsdPerGpuHour or RateUnit.Markup)
            {
                yield return $"Row {row.Id}: {row.Unit} cannot price a clip; mark the row \"use\": \"reference\".";
            }
        }
        foreach (var (route, source) in document.SourceOfRecord.Where(pair => !sourceKeys.Contains(pair.Value)))
        {
            yield return $"Source of record for {route}: unknown source '{source}'.";
        }
        foreach (var (vendor, package) in document.DefaultPackages.Where(pair => !packageKeys.Contains(pair.Value)))
        {
            yield return $"Default package for {vendor}: unknown package '{package}'.";
        }
        foreach (var status in Enum.GetValues<TerminalStatus>().Where(status => !document.Billing.Any(rule => rule.Vendor == BillingRule.AnyVendor && rule.Status == status)))
        {
            yield return $"Billing: no rule for status {WireNames.Of(status)} and vendor '*'.";
        }
        foreach (var rule in document.Billing.Where(rule => rule.Source is null && rule.Assumption is null))
        {
            yield return $"Billing rule {rule.Vendor}/{WireNames.Of(rule.Status)}: name a source or state the assumption.";
        }
    }

    private static string? MissingFigure(RateRow row) => row.Unit switch
    {
        RateUnit.UsdPerSecond when row.UsdPerSecond is null => "usdPerSecond",
        RateUnit.CreditsPerSecond when row.CreditsPerSecond is null => "creditsPerSecond",
        RateUnit.CreditsPerSecond when row.IsQuotable && row.Package is null => "the package that values its credits",
        RateUnit.ResourceUnitsPerSecond when row.UnitsPerSecond is null => "unitsPerSecond",
        RateUnit.ResourceUnitsPerClip or RateUnit.FixedClip when row.Clips is not { Count: > 0 } => "clips",
        RateUnit.TokenFormula when row.UsdPer1000Tokens is null => "usdPer1000Tokens",
        RateUnit.PerGeneration when row.UsdPerGeneration is null => "usdPerGeneration",
        RateUnit.PerClip when row.UsdPerClip is null => "usdPerClip",
        RateUnit.CreditsPerClip when row.Credits is null || row.ClipSeconds is null => "credits and clipSeconds",
        RateUnit.CreditsPerClip when row.IsQuotable && row.Package is null => "the package that values its credits",
        RateUnit.Multiplier when row.Factor is null => "factor",
        RateUnit.UsdPerGpuHour when row.UsdPerGpuHour is null => "usdPerGpuHour",
        RateUnit.Markup when row.MinFactor is null || row.MaxFactor is null => "minFactor and maxFactor",
        _ => null,
    };

    private static IEnumerable<string> Duplicates(IEnumerable<string> keys) =>
        keys.GroupBy(key => key, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key);

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex DatePattern();

    private sealed record Document
    {
        [JsonPropertyName("$comment")]
        public string? Comment { get; init; }

        public required IReadOnlyList<RateSource> Sources { get; init; }

        public IReadOnlyList<VendorBillingPolicy> VendorBilling { get; init; } = [];

        public IReadOnlyDictionary<string, string> DefaultPackages { get; init; } = new Dictionary<string, string>();

        public IReadOnlyDictionary<string, string> SourceOfRecord { get; init; } = new Dictionary<string, string>();

        public required IReadOnlyList<PricePackage> Packages { get; init; }

        public required IReadOnlyList<RateRow> Rates { get; init; }

        public required IReadOnlyList<BillingRule> Billing { get; init; }
    }
}
