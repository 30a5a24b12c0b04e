using Orchestrator.Core.Pricing;

namespace Orchestrator.Core.Routing;

/// <summary>
/// The router's answer for one request: the chosen route and the ordered fallbacks (the failover order), every route's
/// eligibility with its reasons and quote, the rule that chose, and an explanation for people. No eligible route is a
/// decision too: <see cref="IsRefused"/> is true and <see cref="Explanation"/> says why.
/// </summary>
public sealed record RoutingDecision
{
    /// <summary>The instant sunsets were checked against (the caller's clock: orchestration time or TimeProvider).</summary>
    public required DateTimeOffset AsOf { get; init; }

    public RouteEvaluation? Chosen { get; init; }

    /// <summary>Eligible routes to fail over to, in order: the rule's other routes first, then the rest by cost.</summary>
    public IReadOnlyList<RouteEvaluation> Fallbacks { get; init; } = [];

    /// <summary>Every route considered, in catalog order.</summary>
    public required IReadOnlyList<RouteEvaluation> Evaluations { get; init; }

    /// <summary>The id of the rule that chose ("pinned" when the request names its route), or null when refused.</summary>
    public string? Rule { get; init; }

    /// <summary>The rules tried, in order, with whether each applied and what came of it.</summary>
    public required IReadOnlyList<RuleTrace> Rules { get; init; }

    public required string Explanation { get; init; }

    public bool IsRefused => Chosen is null;

    public IEnumerable<RouteEvaluation> Rejections => Evaluations.Where(evaluation => !evaluation.Eligible);

    /// <summary>The chosen route then the fallbacks: the order in which the workflow tries routes.</summary>
    public IReadOnlyList<string> CandidateRoutes => Chosen is null ? [] : [Chosen.Route, .. Fallbacks.Select(fallback => fallback.Route)];
}

/// <summary>One route against one request: eligible or not (with every reason), and its quote.</summary>
public sealed record RouteEvaluation(string Route, string Vendor, bool Eligible, IReadOnlyList<string> Reasons, PriceQuote Quote);

/// <summary>What one rule did: whether it applied (and why), and what came of it.</summary>
public sealed record RuleTrace(string Rule, string Summary, bool Applied, string? Why, string Outcome);
