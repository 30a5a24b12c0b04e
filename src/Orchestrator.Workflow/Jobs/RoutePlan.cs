using Orchestrator.Vendors;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// The routing decision as the job keeps it: the rule that chose, the explanation for people, and the routes to try in
/// order (the chosen one, then the failover candidates), each with its quote, the worst case to reserve, and the poll
/// interval and timeout the workflow uses for it. Vendors whose circuit was open at routing time go last.
/// </summary>
public sealed record RoutePlan
{
    /// <summary>The router's rule ("default", "physics-hero", "pinned", ...); null when no route is eligible.</summary>
    public string? Rule { get; init; }

    public required string Explanation { get; init; }

    /// <summary>The instant sunsets and vendor health were checked at (the orchestration's time).</summary>
    public DateTimeOffset AsOf { get; init; }

    public IReadOnlyList<RouteCandidate> Candidates { get; init; } = [];

    public bool IsRefused => Candidates.Count == 0;
}

/// <summary>
/// The route decision in brief, as a running job shows it: the rule, the first line of the explanation (cut to
/// <see cref="MaxHeadlineChars"/>), the route tried first and how many routes the plan holds.
/// </summary>
public sealed record RouteSummary
{
    public const int MaxHeadlineChars = 300;

    public string? Rule { get; init; }

    public string Headline { get; init; } = string.Empty;

    public string? FirstRoute { get; init; }

    public int Routes { get; init; }

    public static RouteSummary Of(RoutePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new RouteSummary
        {
            Rule = plan.Rule,
            Headline = JobProgress.Cut(plan.Explanation.Split('\n', 2)[0], MaxHeadlineChars)!,
            FirstRoute = plan.Candidates.Count > 0 ? plan.Candidates[0].Route : null,
            Routes = plan.Candidates.Count,
        };
    }
}

/// <summary>One route to try, with what the workflow needs to reserve budget and to wait for it.</summary>
/// <param name="Route">The route id, e.g. "fal/kling-v3-standard".</param>
/// <param name="Vendor">Who is called and paid.</param>
/// <param name="Model">The vendor's model for the request's input mode.</param>
/// <param name="QuoteUsd">The source-of-record price.</param>
/// <param name="WorstCaseUsd">The highest price any matching row or package gives: what is reserved.</param>
/// <param name="PollInterval">The route's first poll delay.</param>
/// <param name="Timeout">How long the vendor may take (the route's, or the configured override).</param>
/// <param name="Webhooks">Whether the vendor will call back (the route supports it and a webhook URL is configured).</param>
/// <param name="C2paExpected">Whether the vendor's output carries a C2PA manifest.</param>
/// <param name="VendorAvailable">False when the vendor's circuit was open at routing time.</param>
/// <param name="Capabilities">How the vendor's contract deduplicates and finds submits: what reconciling an uncertain submit may do.</param>
public sealed record RouteCandidate(
    string Route,
    string Vendor,
    string? Model,
    decimal QuoteUsd,
    decimal WorstCaseUsd,
    TimeSpan PollInterval,
    TimeSpan Timeout,
    bool Webhooks,
    bool C2paExpected,
    bool VendorAvailable,
    VendorCapabilities Capabilities);
