using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Pricing;

/// <summary>
/// The catalog's self-check, run on load: rows whose own figures do not add up (flagged as errors, never quoted), packages
/// whose price and units disagree with their unit price, sources that disagree on the same route (kept, shown as warnings),
/// and resolutions no request can ask for.
/// </summary>
internal static class RateReconciliation
{
    /// <summary>Figures within 2% agree: sources round ("about $45", "0.0143").</summary>
    private const decimal Tolerance = 0.02m;

    public static IReadOnlyList<CatalogFinding> Check(RateCatalog catalog)
    {
        var findings = new List<CatalogFinding>();
        foreach (var package in catalog.Packages)
        {
            if (package.UsdPerUnit is { } stated && package.PriceUsd is { } price && package.Units is > 0 && !Agree(price / package.Units.Value, stated))
            {
                findings.Add(new(FindingSeverity.Error, "does-not-reconcile", package.Key,
                    $"{Money.Format(price)} USD / {Money.Format(package.Units.Value)} units = {Money.Format(price / package.Units.Value)} USD per unit, but the package states {Money.Format(stated)}."));
            }
        }
        foreach (var row in catalog.Rows)
        {
            findings.AddRange(Reconcile(row, catalog).Select(message => new CatalogFinding(FindingSeverity.Error, "does-not-reconcile", row.Id, message)));
            if (row.Resolution is { } resolution && !WireNames.TryParse<Resolution>(resolution, out _))
            {
                findings.Add(new(FindingSeverity.Info, "unrequestable-resolution", row.Id, $"resolution {resolution} matches no request resolution; the row is kept for reference."));
            }
        }
        findings.AddRange(Conflicts(catalog));
        return findings;
    }

    private static IEnumerable<string> Reconcile(RateRow row, RateCatalog catalog)
    {
        var stated = row.Stated;
        if (stated is null)
        {
            yield break;
        }
        var clipSeconds = stated.ClipSeconds ?? row.ClipSeconds;
        var credits = stated.Credits ?? row.Credits;
        var usdPerCredit = stated.UsdPerCredit ?? (row.Package is { } key ? catalog.Package(key)?.EffectiveUsdPerUnit : null);
        if (credits is { } c && usdPerCredit is { } perCredit && stated.UsdPerClip is { } clipUsd && !Agree(c * perCredit, clipUsd))
        {
            yield return $"{Money.Format(c)} credits x {Money.Format(perCredit)} USD/credit = {Money.Format(c * perCredit)} USD, but the row states {Money.Format(clipUsd)} USD per clip.";
        }
        if (stated.UsdPerSecond is { } perSecond && clipSeconds is { } seconds && stated.UsdPerClip is { } clip && !Agree(perSecond * seconds, clip))
        {
            yield return $"{Money.Format(perSecond)} USD/s x {seconds} s = {Money.Format(perSecond * seconds)} USD, but the row states {Money.Format(clip)} USD for {seconds} s.";
        }
        if (stated.UsdPerSecond is { } statedPerSecond && NominalUsdPerSecond(row, catalog, stated.Resolution) is { } derived && !Agree(derived, statedPerSecond))
        {
            yield return $"its {row.Unit} rate works out to {Money.Format(derived)} USD/s, but the row states {Money.Format(statedPerSecond)} USD/s.";
        }
        if (stated.BatchUsd is { } batch && stated.BatchClips is > 0 && row.UsdPerClip is { } perClip && !Agree(batch / stated.BatchClips.Value, perClip))
        {
            yield return $"{Money.Format(batch)} USD / {stated.BatchClips} clips = {Money.Format(batch / stated.BatchClips.Value)} USD per clip, but the row states {Money.Format(perClip)}.";
        }
    }

    /// <summary>Quotable rows of one route and the same resolution, audio, video input and HDR, from different sources, whose USD per second differ.</summary>
    private static IEnumerable<CatalogFinding> Conflicts(RateCatalog catalog)
    {
        var comparable = catalog.Rows
            .Where(row => row.IsQuotable && row.Unit != RateUnit.Multiplier)
            .SelectMany(row => row.Routes.Select(route => (Route: route, Row: row, UsdPerSecond: NominalUsdPerSecond(row, catalog, row.Resolution ?? row.Stated?.Resolution))))
            .Where(entry => entry.UsdPerSecond is not null);
        var groups = comparable.GroupBy(entry => (entry.Route, Resolution: entry.Row.Resolution ?? entry.Row.Stated?.Resolution, entry.Row.Audio, entry.Row.VideoInput, entry.Row.Hdr));
        foreach (var group in groups)
        {
            var entries = group.ToList();
            var low = entries.Min(entry => entry.UsdPerSecond!.Value);
            var high = entries.Max(entry => entry.UsdPerSecond!.Value);
            if (entries.Select(entry => entry.Row.Source).Distinct().Count() > 1 && !Agree(low, high))
            {
                var listed = string.Join("; ", entries.Select(entry => $"{entry.Row.Source} {Money.Format(entry.UsdPerSecond!.Value)} USD/s ({entry.Row.Id})"));
                yield return new(FindingSeverity.Warning, "conflict", group.Key.Route,
                    $"sources disagree at {group.Key.Resolution ?? "any resolution"}: {listed}. The source of record decides.");
            }
        }
    }

    /// <summary>A row's USD per output second where it can be known without a request: per-second units, and tokens at a 16:9 resolution.</summary>
    private static decimal? NominalUsdPerSecond(RateRow row, RateCatalog catalog, string? resolution)
    {
        decimal? PackageValue() => (row.Package ?? catalog.DefaultPackage(row.Routes.Count > 0 ? row.Routes[0].Split('/')[0] : string.Empty)) is { } key
            ? catalog.Package(key)?.EffectiveUsdPerUnit
            : null;
        return row.Unit switch
        {
            RateUnit.UsdPerSecond => row.UsdPerSecond,
            RateUnit.CreditsPerSecond => row.CreditsPerSecond * PackageValue(),
            RateUnit.ResourceUnitsPerSecond => row.UnitsPerSecond * PackageValue(),
            RateUnit.TokenFormula when resolution is not null && WireNames.TryParse<Resolution>(resolution, out var parsed)
                => TokenMath.Tokens(FrameSize.Of(parsed, "16:9"), 1m) / 1000m * row.UsdPer1000Tokens,
            _ => null,
        };
    }

    private static bool Agree(decimal a, decimal b) => a == b || Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
}
