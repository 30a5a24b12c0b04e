using System.Text;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;

namespace Orchestrator.Core.Routing;

/// <summary>
/// Chooses a route for a request: hard constraints first (capabilities, sunset, configuration, a price to reserve against),
/// then the practitioner rules in order, then cost. Pure: it reads no clock (the caller passes the as-of instant: the
/// orchestration's replay-safe time in the workflow, TimeProvider elsewhere) and does no I/O.
/// </summary>
public sealed class Router
{
    public const string PinnedRule = "pinned";

    /// <summary>The rule of last resort when every practitioner rule is disabled or passes: the cheapest eligible route.</summary>
    public const string CheapestRule = "cheapest";

    private readonly RouteCatalog routes;
    private readonly CostCalculator pricing;
    private readonly RoutingOptions options;
    private readonly IReadOnlyList<RoutingRule> rules;

    public Router(RouteCatalog routes, CostCalculator pricing, RoutingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(pricing);
        this.routes = routes;
        this.pricing = pricing;
        this.options = options ?? new RoutingOptions();
        if (pricing.UnknownRoutes(routes.Ids) is { Count: > 0 } unknown)
        {
            throw new ArgumentException($"Pricing names routes that are not in the route catalog: {string.Join("; ", unknown)}.", nameof(pricing));
        }
        CheckOptions(routes, this.options);
        rules = [.. RoutingRules.All
            .Where(rule => !this.options.DisabledRules.Contains(rule.Id))
            .Select(rule => this.options.PreferredRoutes.LastOrDefault(preference => preference.Rule == rule.Id) is { } preference
                ? rule with { Routes = [.. preference.Routes] }
                : rule)];
    }

    public RoutingDecision Route(JobRequest request, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(request);
        var evaluations = routes.Routes.Select(route => Evaluate(route, request, asOf)).ToList();
        return request.IsRoutePinned ? Pinned(request, evaluations, asOf) : ByRules(request, evaluations, asOf);
    }

    /// <summary>One route's hard constraints and quote for a request, as of an instant.</summary>
    public RouteEvaluation Evaluate(RouteDefinition route, JobRequest request, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(route);
        var reasons = RouteConstraints.Check(route, request, options, asOf);
        var quote = pricing.Quote(request, route);
        if (!quote.IsPriced && reasons.Count == 0)
        {
            reasons.Add($"no price, so no budget can be reserved: {quote.Unpriced}");
        }
        if (request.IsRoutePinned && request.Route != route.Id)
        {
            reasons.Add($"the request pins route {request.Route}");
        }
        return new RouteEvaluation(route.Id, route.Vendor, reasons.Count == 0, reasons, quote);
    }

    private static RoutingDecision Pinned(JobRequest request, List<RouteEvaluation> evaluations, DateTimeOffset asOf)
    {
        var pinned = evaluations.FirstOrDefault(evaluation => evaluation.Route == request.Route);
        var trace = new RuleTrace(PinnedRule, "the request names its route: no other route, no failover", true, $"route is {request.Route}",
            pinned is { Eligible: true } ? $"chose {request.Route}" : $"{request.Route} is not eligible");
        if (pinned is not { Eligible: true })
        {
            var why = pinned is null ? $"no route is named {request.Route}" : string.Join("; ", pinned.Reasons);
            return new RoutingDecision
            {
                AsOf = asOf,
                Evaluations = evaluations,
                Rules = [trace],
                Explanation = $"No route: the request pins {request.Route}, which cannot take it: {why}.",
            };
        }
        return new RoutingDecision
        {
            AsOf = asOf,
            Chosen = pinned,
            Evaluations = evaluations,
            Rule = PinnedRule,
            Rules = [trace],
            Explanation = $"Chose {pinned.Route} because the request pins it: {Cost(pinned.Quote)}. A pinned job has no fallback.",
        };
    }

    private RoutingDecision ByRules(JobRequest request, List<RouteEvaluation> evaluations, DateTimeOffset asOf)
    {
        var eligible = evaluations.Where(evaluation => evaluation.Eligible).ToDictionary(evaluation => evaluation.Route, StringComparer.Ordinal);
        var traces = new List<RuleTrace>();
        foreach (var rule in rules.Append(new RoutingRule(CheapestRule, "no rule chose: the cheapest eligible route", [.. eligible.Keys], (_, _) => "no other rule chose")))
        {
            var why = rule.Applies(request, options);
            if (why is null)
            {
                traces.Add(new RuleTrace(rule.Id, rule.Summary, false, null, "did not apply"));
                continue;
            }
            var preferred = rule.Routes.Where(eligible.ContainsKey).Select(id => eligible[id]).OrderBy(evaluation => evaluation.Quote.CostUsd).ToList(); // stable: ties keep the rule's order
            if (preferred.Count == 0)
            {
                var blocked = rule.Routes.Count == 0 ? "no route is eligible" : string.Join(" | ", rule.Routes.Select(id => $"{id}: {Reasons(evaluations, id)}"));
                traces.Add(new RuleTrace(rule.Id, rule.Summary, true, why, $"none of its routes is eligible: {blocked}"));
                continue;
            }
            var chosen = preferred[0];
            traces.Add(new RuleTrace(rule.Id, rule.Summary, true, why, $"chose {chosen.Route}"));
            var rest = eligible.Values.Except(preferred).OrderBy(evaluation => evaluation.Quote.CostUsd).ThenBy(evaluation => evaluation.Route, StringComparer.Ordinal);
            var fallbacks = preferred.Skip(1).Concat(rest).ToList();
            return new RoutingDecision
            {
                AsOf = asOf,
                Chosen = chosen,
                Fallbacks = fallbacks,
                Evaluations = evaluations,
                Rule = rule.Id,
                Rules = traces,
                Explanation = Explain(rule, why, chosen, fallbacks, traces, evaluations),
            };
        }
        return new RoutingDecision
        {
            AsOf = asOf,
            Evaluations = evaluations,
            Rules = traces,
            Explanation = Refusal(traces, evaluations),
        };
    }

    private static string Explain(RoutingRule rule, string why, RouteEvaluation chosen, List<RouteEvaluation> fallbacks, List<RuleTrace> traces, IReadOnlyList<RouteEvaluation> evaluations)
    {
        var text = new StringBuilder();
        text.Append($"Chose {chosen.Route} by rule '{rule.Id}' ({rule.Summary}), because {why}: {Cost(chosen.Quote)}.");
        AppendPassedRules(text, traces, rule.Id);
        var skipped = traces.Where(trace => !trace.Applied).Select(trace => trace.Rule).ToList();
        if (skipped.Count > 0)
        {
            text.Append($"\nRules that did not apply: {string.Join(", ", skipped)}.");
        }
        text.Append(fallbacks.Count == 0
            ? "\nNo fallback: no other route is eligible."
            : $"\nFallbacks in order: {string.Join(", ", fallbacks.Select(fallback => $"{fallback.Route} ({Money.Format(fallback.Quote.CostUsd)} USD)"))}.");
        AppendRejections(text, evaluations);
        return text.ToString();
    }

    private static string Refusal(IReadOnlyList<RuleTrace> traces, IReadOnlyList<RouteEvaluation> evaluations)
    {
        var text = new StringBuilder("No eligible route: no route meets the request's hard constraints.");
        AppendPassedRules(text, traces, CheapestRule);
        AppendRejections(text, evaluations);
        return text.ToString();
    }

    /// <summary>Each rule that applied but did not choose (all but <paramref name="except"/>), with why it passed.</summary>
    private static void AppendPassedRules(StringBuilder text, IEnumerable<RuleTrace> traces, string except)
    {
        foreach (var passed in traces.Where(trace => trace.Applied && trace.Rule != except))
        {
            text.Append($"\nRule '{passed.Rule}' applied ({passed.Why}) but {passed.Outcome}.");
        }
    }

    private static void AppendRejections(StringBuilder text, IReadOnlyList<RouteEvaluation> evaluations)
    {
        foreach (var rejected in evaluations.Where(evaluation => !evaluation.Eligible))
        {
            text.Append($"\nRejected {rejected.Route}: {string.Join("; ", rejected.Reasons)}.");
        }
    }

    private static string Reasons(IReadOnlyList<RouteEvaluation> evaluations, string id) =>
        evaluations.FirstOrDefault(evaluation => evaluation.Route == id) is { } evaluation ? string.Join("; ", evaluation.Reasons) : "not in the route catalog";

    private static string Cost(PriceQuote quote) =>
        $"{Money.Format(quote.CostUsd)} USD for {Money.Format(quote.OutputSeconds)} s ({Money.Format(quote.UsdPerSecond ?? 0m)} USD/s, {quote.Source} {quote.SourceDate})";

    private static void CheckOptions(RouteCatalog routes, RoutingOptions options)
    {
        var ruleIds = RoutingRules.All.Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
        var problems = options.DisabledRoutes.Concat(options.SunsetOverrides).Concat(options.PreferredRoutes.SelectMany(preference => preference.Routes))
            .Where(id => routes.Find(id) is null).Distinct().Select(id => $"route '{id}' is not in the route catalog")
            .Concat(options.DisabledRules.Concat(options.PreferredRoutes.Select(preference => preference.Rule))
                .Where(id => !ruleIds.Contains(id)).Distinct().Select(id => $"rule '{id}' is not one of {string.Join(", ", ruleIds)}"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Routing options do not fit the route catalog: {string.Join("; ", problems)}.", nameof(options));
        }
    }
}
