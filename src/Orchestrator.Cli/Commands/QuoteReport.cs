using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;

namespace Orchestrator.Cli.Commands;

/// <summary>The JSON the <c>quote</c> command prints: one entry per route, the router's choice, the forecast and the moderation verdict.</summary>
internal sealed record QuoteReport(
    DateTimeOffset AsOf,
    QuoteReport.RequestSummary Request,
    IReadOnlyList<QuoteReport.RouteEntry> Routes,
    QuoteReport.ChoiceEntry? Choice,
    string Explanation,
    Forecast? Forecast,
    QuoteReport.ModerationEntry Moderation)
{
    public static QuoteReport Build(JobRequest request, QuoteCommand.Setup setup, QuoteCommand.QuoteOptions options)
    {
        var decision = setup.Router.Route(request, options.AsOf);
        var shown = options.Route is null ? decision.Evaluations : decision.Evaluations.Where(evaluation => evaluation.Route == options.Route).ToList();
        var choice = decision.Chosen is { } chosen
            ? new ChoiceEntry(chosen.Route, decision.Rule!, chosen.Quote.CostUsd, chosen.Quote.UsdPerSecond,
                setup.Pricing.WorstCase(request, setup.Routes.Get(chosen.Route)).CostUsd, decision.Fallbacks.Select(fallback => fallback.Route).ToList(), decision.Rules)
            : null;
        var forecast = options.ForecastClips is { } clips && decision.Chosen is { } forecastRoute
            ? Forecast.Monthly(forecastRoute.Quote, clips, options.AttemptsPerKeptClip)
            : null;
        var verdict = setup.Moderation.Check(ModerationGate.TextsOf(request));
        return new QuoteReport(
            options.AsOf,
            new RequestSummary(request.Team, request.DurationSeconds, WireNames.Of(request.Resolution), request.AspectRatio, WireNames.Of(request.Audio),
                WireNames.Of(request.InputMode), request.Route, request.PriceSource),
            [.. shown.Select(RouteEntry.From)],
            choice,
            decision.Explanation,
            forecast,
            new ModerationEntry(verdict.Allowed, verdict.Categories, verdict.Note));
    }

    internal sealed record RequestSummary(string Team, int DurationSeconds, string Resolution, string AspectRatio, string Audio, string InputMode, string Route, string? PriceSource);

    internal sealed record RouteEntry(
        string Route,
        string Vendor,
        string? Model,
        ProviderKind Provider,
        bool Eligible,
        IReadOnlyList<string> RejectionReasons,
        RateUnit? Unit,
        decimal? Rate,
        string? RateUnitLabel,
        decimal? BilledUnits,
        string? BilledUnit,
        decimal? CostUsd,
        decimal? UsdPerSecond,
        string? Source,
        string? SourceDate,
        string? SourceChoice,
        PackageUse? Package,
        IReadOnlyList<string> Assumptions,
        string? Calculation,
        string? Unpriced)
    {
        public static RouteEntry From(RouteEvaluation evaluation)
        {
            var quote = evaluation.Quote;
            return new RouteEntry(evaluation.Route, evaluation.Vendor, quote.Model, quote.Provider, evaluation.Eligible, evaluation.Reasons,
                quote.Unit, quote.Rate, quote.RateLabel, quote.BilledUnits, quote.BilledUnitLabel, quote.IsPriced ? quote.CostUsd : null, quote.UsdPerSecond,
                quote.Source, quote.SourceDate, quote.SourceChoice, quote.Package, quote.Assumptions, quote.Calculation, quote.Unpriced);
        }
    }

    /// <summary>The chosen route, its cost, the worst case to reserve, and the fallbacks in failover order.</summary>
    internal sealed record ChoiceEntry(string Route, string Rule, decimal CostUsd, decimal? UsdPerSecond, decimal WorstCaseUsd, IReadOnlyList<string> Fallbacks, IReadOnlyList<RuleTrace> Rules);

    internal sealed record ModerationEntry(bool Allowed, IReadOnlyList<string> Categories, string? Note);
}
