using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>The request to route and the orchestration's time (sunsets are checked as of it).</summary>
public sealed record RouteJobInput(JobRequest Request, DateTimeOffset AsOf);

/// <summary>
/// Routes the job: the pure router as of the orchestration's time, then the vendors' live health (their circuit
/// breakers): routes of a vendor whose circuit is open go to the end of the list, and the explanation says so. Each
/// candidate carries its worst case (to reserve), poll interval and timeout (the configured override, if any).
/// </summary>
public sealed class RouteJob(Router router, RouteCatalog routes, CostCalculator pricing, VendorClients vendors, WorkflowOptions options)
    : TaskActivity<RouteJobInput, RoutePlan>
{
    public override Task<RoutePlan> RunAsync(TaskActivityContext context, RouteJobInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decision = router.Route(input.Request, input.AsOf);
        if (decision.IsRefused)
        {
            return Task.FromResult(new RoutePlan { Explanation = decision.Explanation, AsOf = input.AsOf });
        }
        var candidates = decision.CandidateRoutes
            .Select(id => Candidate(routes.Get(id), input.Request))
            .OrderBy(candidate => candidate.VendorAvailable ? 0 : 1)
            .ToList();
        var down = candidates.Where(candidate => !candidate.VendorAvailable).Select(candidate => candidate.Vendor).Distinct(StringComparer.Ordinal).ToList();
        var explanation = down.Count == 0
            ? decision.Explanation
            : $"The circuit of {string.Join(", ", down)} was open at routing time, so its routes are tried last: {candidates[0].Route} goes first.\n{decision.Explanation}";
        return Task.FromResult(new RoutePlan { Rule = decision.Rule, Explanation = explanation, AsOf = input.AsOf, Candidates = candidates });
    }

    private RouteCandidate Candidate(RouteDefinition route, JobRequest request)
    {
        var quote = pricing.Quote(request, route);
        var worst = pricing.WorstCase(request, route);
        return new RouteCandidate(
            route.Id,
            route.Vendor,
            route.ModelFor(request.InputMode)?.Model,
            quote.CostUsd,
            worst.IsPriced ? Math.Max(worst.CostUsd, quote.CostUsd) : quote.CostUsd,
            route.PollInterval,
            options.TimeoutFor(route),
            options.WebhookFor(route) is not null,
            route.C2paByDefault,
            vendors.Health.IsAvailable(route.Vendor),
            vendors.For(route).Capabilities);
    }
}
