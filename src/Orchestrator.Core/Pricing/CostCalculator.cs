using Orchestrator.Core.Jobs;
using Orchestrator.Core.Routing;
using static Orchestrator.Core.Pricing.Money;

namespace Orchestrator.Core.Pricing;

/// <summary>
/// Prices a request on a route from the rate catalog, in decimal, for three uses: <see cref="Quote"/> (the source-of-record
/// price shown to people and used by the router), <see cref="WorstCase"/> (the most any matching row and package could
/// charge: the budget reservation) and <see cref="Actual"/> (the cost row, from what the vendor reported and the billing
/// rule for the terminal status). Pure: no clock, no I/O.
/// </summary>
public sealed class CostCalculator
{
    /// <summary>The length assumed for a video reference whose length is not given: the longest Seedance clip.</summary>
    public const decimal AssumedReferenceSeconds = 15m;

    private readonly PricingOptions options;

    public CostCalculator(RateCatalog catalog, PricingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        this.options = options ?? new PricingOptions();
        var problems = this.options.SourceOfRecord.Where(entry => !catalog.SourceKeys.Contains(entry.Source)).Select(entry => $"source of record '{entry.Source}' for {entry.Route} is not a known source")
            .Concat(this.options.Packages.Where(pair => catalog.Package(pair.Value) is null).Select(pair => $"package '{pair.Value}' for {pair.Key} is not in the catalog"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Pricing options do not fit the catalog: {string.Join("; ", problems)}.", nameof(options));
        }
    }

    public RateCatalog Catalog { get; }

    /// <summary>
    /// Every place the pricing names a route that <paramref name="routeIds"/> does not have: a configured source of record, a
    /// catalog row, the catalog's own source of record. Such a name is a typo that would otherwise be silently ignored.
    /// </summary>
    public IReadOnlyList<string> UnknownRoutes(IReadOnlySet<string> routeIds)
    {
        ArgumentNullException.ThrowIfNull(routeIds);
        return
        [
            .. options.SourceOfRecord.Where(entry => !routeIds.Contains(entry.Route))
                .Select(entry => $"{PricingOptions.SectionName}:SourceOfRecord names route '{entry.Route}' (source {entry.Source})"),
            .. Catalog.Rows.SelectMany(row => row.Routes.Where(route => !routeIds.Contains(route)).Select(route => $"rate row '{row.Id}' prices route '{route}'")),
            .. Catalog.SourcesOfRecord.Keys.Where(route => !routeIds.Contains(route)).Select(route => $"the rate catalog's sourceOfRecord names route '{route}'"),
        ];
    }

    /// <summary>The price from the source of record: the request's priceSource, else the configured one, else the catalog's.</summary>
    public PriceQuote Quote(JobRequest request, RouteDefinition route) => Price(request, route, PriceBasis.Quote, VendorUsage.None);

    /// <summary>The highest price any matching row, source and API package gives: what to reserve before submit.</summary>
    public PriceQuote WorstCase(JobRequest request, RouteDefinition route) => Price(request, route, PriceBasis.WorstCase, VendorUsage.None);

    /// <summary>The cost to record when the job ended in <paramref name="status"/>, from what the vendor reported.</summary>
    public PriceQuote Actual(JobRequest request, RouteDefinition route, TerminalStatus status, VendorUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var rule = Catalog.BillingRuleFor(route.Vendor, status);
        var note = rule.Assumption ?? rule.Note;
        var priced = Price(request, route, PriceBasis.Actual, usage) with { Status = status, Billed = rule.Billed, BillingNote = note };
        if (rule.Billed)
        {
            return rule.Assumption is null ? priced : priced with { Assumptions = [.. priced.Assumptions, rule.Assumption] };
        }
        return priced with { CostUsd = 0m, UsdPerSecond = 0m, Calculation = $"not billed ({WireNames.Of(status)}): {note}" };
    }

    private PriceQuote Price(JobRequest request, RouteDefinition route, PriceBasis basis, VendorUsage usage)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        var mode = request.InputMode;
        var assumptions = new List<string>();
        var seconds = OutputSeconds(request, route, basis, usage, assumptions);
        var shell = new PriceQuote
        {
            Route = route.Id,
            Vendor = route.Vendor,
            Model = usage.Model ?? route.ModelFor(mode)?.Model,
            Provider = route.Provider,
            InputMode = mode,
            Basis = basis,
            OutputSeconds = seconds,
        };
        var matching = Catalog.QuotableRowsFor(route.Id)
            .Where(row => row.Unit != RateUnit.Multiplier && RowMatcher.Matches(row, request, mode))
            .ToList();
        var priceable = matching.Where(row => RowMatcher.FitsClip(row, request.DurationSeconds)).ToList();
        if (priceable.Count == 0)
        {
            return shell with { Unpriced = WhyUnpriced(request, route, mode, matching) };
        }
        var context = new PricingContext(request, route, mode, basis, usage, seconds, assumptions);
        var quotes = priceable.Select(row => PriceRow(row, context, shell)).ToList();
        if (basis == PriceBasis.WorstCase)
        {
            var highest = quotes.MaxBy(quote => quote.CostUsd)!;
            return highest with { SourceChoice = "the highest of every matching row and source" };
        }
        return SelectBySource(quotes, priceable, request, route);
    }

    private static decimal OutputSeconds(JobRequest request, RouteDefinition route, PriceBasis basis, VendorUsage usage, List<string> assumptions)
    {
        if (basis != PriceBasis.Actual)
        {
            return request.DurationSeconds;
        }
        var reported = usage.BilledSeconds ?? usage.OutputSeconds;
        if (reported is null)
        {
            assumptions.Add($"The vendor reported no duration: the requested {request.DurationSeconds} s is billed.");
            return request.DurationSeconds;
        }
        return reported.Value;
    }

    private PriceQuote PriceRow(RateRow row, PricingContext context, PriceQuote shell)
    {
        var assumptions = new List<string>(context.Assumptions);
        if (row.Assumption is not null)
        {
            assumptions.Add(row.Assumption);
        }
        var multipliers = Catalog.QuotableRowsFor(context.Route.Id)
            .Where(candidate => candidate.Unit == RateUnit.Multiplier
                && (candidate.OnUnit is null || candidate.OnUnit == row.Unit) && RowMatcher.Matches(candidate, context.Request, context.Mode))
            .ToList();
        foreach (var multiplier in multipliers.Where(multiplier => multiplier.Assumption is not null))
        {
            assumptions.Add(multiplier.Assumption!);
        }
        var billedSeconds = BilledSeconds(context, multipliers, assumptions);
        var clips = context.Usage.Clips ?? 1;
        var package = row.Unit is RateUnit.CreditsPerSecond or RateUnit.ResourceUnitsPerSecond or RateUnit.ResourceUnitsPerClip or RateUnit.CreditsPerClip
            ? ResolvePackage(row, context)
            : null;
        var perUnit = package?.EffectiveUsdPerUnit ?? 0m;
        var clip = row.Clips?.FirstOrDefault(price => price.Seconds == context.Request.DurationSeconds);
        if (clip?.Assumption is not null)
        {
            assumptions.Add(clip.Assumption);
        }
        var (rate, rateLabel, units, unitLabel, cost, calculation) = row.Unit switch
        {
            RateUnit.UsdPerSecond => (row.UsdPerSecond!.Value, "USD/s", billedSeconds, "s", billedSeconds * row.UsdPerSecond.Value,
                $"{Format(billedSeconds)} s x {Format(row.UsdPerSecond.Value)} USD/s"),
            RateUnit.CreditsPerSecond => PerSecondUnits(row.CreditsPerSecond!.Value, "credits", billedSeconds, package!),
            RateUnit.ResourceUnitsPerSecond => PerSecondUnits(row.UnitsPerSecond!.Value, "units", billedSeconds, package!),
            RateUnit.ResourceUnitsPerClip => (clip!.Amount, "units/clip", clip.Amount * clips, "units", clip.Amount * clips * perUnit,
                $"{clips} x {clip.Seconds} s clip x {Format(clip.Amount)} units = {Format(clip.Amount * clips)} units x {Format(perUnit)} USD/unit ({package!.Key})"),
            RateUnit.TokenFormula => Tokens(row, context, billedSeconds),
            RateUnit.FixedClip => (clip!.Amount, "USD/clip", clips, "clips", clip.Amount * clips, $"{clips} x {clip.Seconds} s clip x {Format(clip.Amount)} USD"),
            RateUnit.PerGeneration => (row.UsdPerGeneration!.Value, "USD/generation", clips, "generations", row.UsdPerGeneration.Value * clips,
                $"{clips} generation(s) x {Format(row.UsdPerGeneration.Value)} USD"),
            RateUnit.PerClip => (row.UsdPerClip!.Value, "USD/clip", clips, "clips", row.UsdPerClip.Value * clips, $"{clips} clip(s) x {Format(row.UsdPerClip.Value)} USD"),
            RateUnit.CreditsPerClip => (row.Credits!.Value, "credits/clip", row.Credits.Value * clips, "credits", row.Credits.Value * clips * perUnit,
                $"{clips} clip(s) x {Format(row.Credits.Value)} credits x {Format(perUnit)} USD/credit ({package!.Key})"),
            _ => throw new InvalidOperationException($"Row {row.Id}: unit {row.Unit} cannot price a clip."),
        };
        foreach (var multiplier in multipliers)
        {
            cost *= multiplier.Factor!.Value;
            calculation += $" x {Format(multiplier.Factor.Value)} ({multiplier.Label})";
        }
        var total = Round(cost);
        var source = Catalog.Source(row.Source);
        return shell with
        {
            Unit = row.Unit,
            Rate = Normalize(rate),
            RateLabel = rateLabel,
            BilledUnits = Round(units),
            BilledUnitLabel = unitLabel,
            CostUsd = total,
            UsdPerSecond = context.OutputSeconds > 0 ? Round(total / context.OutputSeconds) : null,
            Source = source.Key,
            SourceDate = source.Date,
            RowId = row.Id,
            Package = package is null ? null : new PackageUse(package.Key, package.Name, perUnit),
            Multipliers = [.. multipliers.Select(multiplier => new AppliedMultiplier(multiplier.Id, multiplier.Factor!.Value, multiplier.Source, multiplier.Label))],
            Assumptions = assumptions,
            Calculation = $"{calculation} = {Format(total)} USD",
        };
    }

    /// <summary>Output seconds, rounded where the vendor rounds (actual costs), plus any input video seconds a multiplier bills.</summary>
    private decimal BilledSeconds(PricingContext context, IReadOnlyList<RateRow> multipliers, List<string> assumptions)
    {
        var seconds = context.OutputSeconds;
        var policy = Catalog.BillingPolicy(context.Route.Vendor);
        if (policy.Rounding == BillingRounding.NearestSecond && seconds != decimal.Round(seconds))
        {
            var rounded = Math.Round(seconds, 0, MidpointRounding.AwayFromZero);
            assumptions.Add($"{Format(seconds)} s billed as {Format(rounded)} s: {context.Route.Vendor} rounds to the nearest whole second ({policy.Source}); a half second is assumed to round up.");
            seconds = rounded;
        }
        if (multipliers.Any(multiplier => multiplier.AddsInputVideoSeconds))
        {
            foreach (var video in context.Request.References.Where(reference => reference.Kind == ReferenceKind.Video))
            {
                if (video.Seconds is null)
                {
                    assumptions.Add($"The length of video reference {video.Uri} is not given: {Format(AssumedReferenceSeconds)} s assumed.");
                }
                seconds += video.Seconds ?? AssumedReferenceSeconds;
            }
        }
        return seconds;
    }

    private static (decimal, string, decimal, string, decimal, string) PerSecondUnits(decimal perSecond, string name, decimal seconds, PricePackage package)
    {
        var units = seconds * perSecond;
        var perUnit = package.EffectiveUsdPerUnit!.Value;
        return (perSecond, $"{name}/s", units, name, units * perUnit,
            $"{Format(seconds)} s x {Format(perSecond)} {name}/s = {Format(units)} {name} x {Format(perUnit)} USD ({package.Key})");
    }

    private static (decimal, string, decimal, string, decimal, string) Tokens(RateRow row, PricingContext context, decimal billedSeconds)
    {
        var rate = row.UsdPer1000Tokens!.Value;
        if (context.Usage.Tokens is { } reported)
        {
            return (rate, "USD/1000 tokens", reported, "tokens", reported / 1000m * rate, $"{Format(reported)} tokens (reported) / 1000 x {Format(rate)} USD");
        }
        var frame = FrameSize.Of(context.Request.Resolution, context.Request.AspectRatio);
        var tokens = TokenMath.Tokens(frame, billedSeconds);
        return (rate, "USD/1000 tokens", tokens, "tokens", tokens / 1000m * rate,
            $"{frame} x {Format(billedSeconds)} s x {TokenMath.FramesPerSecond} / {TokenMath.Divisor} = {Format(tokens)} tokens / 1000 x {Format(rate)} USD");
    }

    private PricePackage ResolvePackage(RateRow row, PricingContext context)
    {
        if (row.Package is { } fixedKey)
        {
            return Catalog.Package(fixedKey)!;
        }
        var vendor = context.Route.Vendor;
        if (context.Basis == PriceBasis.WorstCase)
        {
            return Catalog.Packages.Where(package => package.Vendor == vendor && package.FundsApi && package.EffectiveUsdPerUnit is not null)
                .MaxBy(package => package.EffectiveUsdPerUnit!.Value)
                ?? throw new InvalidOperationException($"No API package values {vendor}'s units.");
        }
        var key = options.Packages.TryGetValue(vendor, out var configured) ? configured : Catalog.DefaultPackage(vendor);
        return (key is null ? null : Catalog.Package(key)) ?? throw new InvalidOperationException($"No package is configured for {vendor} (Orchestrator:Pricing:Packages:{vendor}).");
    }

    private PriceQuote SelectBySource(IReadOnlyList<PriceQuote> quotes, IReadOnlyList<RateRow> rows, JobRequest request, RouteDefinition route)
    {
        var notes = new List<string>();
        var configured = options.SourceOfRecord.LastOrDefault(entry => entry.Route == route.Id)?.Source;
        (string? Key, string Origin)[] preferences =
        [
            (request.PriceSource, "the request's priceSource"),
            (configured, "the configured source of record"),
            (Catalog.DefaultSourceOfRecord(route.Id), "the catalog's source of record"),
        ];
        foreach (var (key, origin) in preferences)
        {
            if (key is null)
            {
                continue;
            }
            var fromSource = quotes.Where(quote => quote.Source == key).ToList();
            if (fromSource.Count > 0)
            {
                return Best(fromSource, rows, notes) with { SourceChoice = $"{origin} ({key})" };
            }
            notes.Add($"{origin} ({key}) has no row for this request on {route.Id}.");
        }
        var newest = quotes.GroupBy(quote => quote.Source!).MaxBy(group => Catalog.Source(group.Key).Date, StringComparer.Ordinal)!;
        return Best([.. newest], rows, notes) with { SourceChoice = $"the newest source ({newest.Key})" };
    }

    /// <summary>The most specific of one source's rows; if equally specific rows disagree, the higher price (noted).</summary>
    private static PriceQuote Best(IReadOnlyList<PriceQuote> fromSource, IReadOnlyList<RateRow> rows, List<string> notes)
    {
        var ranked = fromSource
            .OrderByDescending(quote => RowMatcher.Specificity(rows.First(row => row.Id == quote.RowId)))
            .ThenByDescending(quote => quote.CostUsd)
            .ToList();
        var best = ranked[0];
        var rivals = ranked.Skip(1).Where(quote => quote.CostUsd != best.CostUsd
            && RowMatcher.Specificity(rows.First(row => row.Id == quote.RowId)) == RowMatcher.Specificity(rows.First(row => row.Id == best.RowId))).ToList();
        if (rivals.Count > 0)
        {
            notes.Add($"Rows {string.Join(", ", rivals.Select(rival => rival.RowId))} also match; the higher price ({best.RowId}) is used.");
        }
        return notes.Count == 0 ? best : best with { Assumptions = [.. best.Assumptions, .. notes] };
    }

    private string WhyUnpriced(JobRequest request, RouteDefinition route, InputMode mode, IReadOnlyList<RateRow> matching)
    {
        var blocks = matching.Where(row => row.Clips is not null).SelectMany(row => row.Clips!).Select(clip => clip.Seconds).Distinct().Order().ToList();
        if (blocks.Count > 0)
        {
            return $"sold only as fixed {string.Join(" or ", blocks)} s clips; {request.DurationSeconds} s is refused";
        }
        var floors = Catalog.QuotableRowsFor(route.Id).Where(row => row.Minimum).ToList();
        if (floors.Count > 0)
        {
            var known = string.Join("; ", floors.Select(row => $"'{row.Label}' ({row.Source}), taken as the price of {row.Resolution} up to {row.MaxSeconds} s"));
            return $"only a minimum price is known for {route.Id}: {known}; {request.DurationSeconds} s at {WireNames.Of(request.Resolution)} costs more by an amount no source gives, so it is not priced (add a sourced row to the catalog to price it)";
        }
        return $"no rate in the catalog prices {request.DurationSeconds} s at {WireNames.Of(request.Resolution)}, audio {WireNames.Of(request.Audio)}, {WireNames.Of(mode)} on {route.Id}";
    }

    private sealed record PricingContext(JobRequest Request, RouteDefinition Route, InputMode Mode, PriceBasis Basis, VendorUsage Usage, decimal OutputSeconds, IReadOnlyList<string> Assumptions);
}
