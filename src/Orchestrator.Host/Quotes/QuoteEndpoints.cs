using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Host.Jobs;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Security;

namespace Orchestrator.Host.Quotes;

/// <summary>POST /api/quotes: what a job would cost and where it would go, without starting anything.</summary>
public static class QuoteEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/quotes", QuoteAsync).RequireAuthorization().WithTags("Jobs").WithName("Quote")
            .WithSummary("Prices a job request on every route and shows the router's choice, the worst case reserved before submit, and the moderation verdict.")
            .Accepts<JobRequest>("application/json");

    private static async Task<Results<Ok<QuoteResponse>, ProblemHttpResult>> QuoteAsync(
        HttpRequest http, ClaimsPrincipal user, JobRequestParser parser, Router router, RouteCatalog routes, CostCalculator pricing,
        LocalModerationPolicy moderation, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JobRequestBody.ReadAsync(http, parser, "The job request is invalid", ct);
        if (problem is not null)
        {
            return problem;
        }
        var caller = ApiKeyAuthenticationHandler.CallerOf(user);
        if (!caller.MaySee(request!.Team))
        {
            return ApiProblems.Forbidden($"This API key belongs to team '{caller.Team}'; it cannot quote for team '{request.Team}'.");
        }
        var decision = router.Route(request, time.GetUtcNow());
        var choice = decision.Chosen is { } chosen
            ? new QuoteChoice(chosen.Route, chosen.Vendor, decision.Rule!, chosen.Quote.CostUsd, chosen.Quote.UsdPerSecond,
                pricing.WorstCase(request, routes.Get(chosen.Route)).CostUsd, [.. decision.Fallbacks.Select(fallback => fallback.Route)])
            : null;
        var verdict = moderation.Check(ModerationGate.TextsOf(request));
        return TypedResults.Ok(new QuoteResponse(decision.AsOf, choice, decision.Explanation, decision.Evaluations, decision.Rules,
            new QuoteModeration(verdict.Allowed, verdict.Categories, verdict.Note)));
    }
}

/// <summary>The quote: the router's choice (null when no route is eligible) and why, every route's evaluation with its price, the rules tried, and the local moderation verdict.</summary>
public sealed record QuoteResponse(
    DateTimeOffset AsOf,
    QuoteChoice? Choice,
    string Explanation,
    IReadOnlyList<RouteEvaluation> Routes,
    IReadOnlyList<RuleTrace> Rules,
    QuoteModeration Moderation);

/// <summary>The chosen route, its price, the worst case reserved on the budget before submit, and the failover order.</summary>
public sealed record QuoteChoice(string Route, string Vendor, string Rule, decimal CostUsd, decimal? UsdPerSecond, decimal WorstCaseUsd, IReadOnlyList<string> Fallbacks);

public sealed record QuoteModeration(bool Allowed, IReadOnlyList<string> Categories, string? Note);
