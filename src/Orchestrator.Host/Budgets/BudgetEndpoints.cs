using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Security;
using Orchestrator.Workflow.Budgets;

namespace Orchestrator.Host.Budgets;

/// <summary>
/// A team's budgets: GET shows the team ceiling and each environment's quota (reserved, spent, available, high water, jobs
/// in flight); PUT (admin keys only) sets the team's own limits or one environment's.
/// </summary>
public static class BudgetEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var budgets = app.MapGroup("/api/teams/{team}/budget").WithTags("Budgets");
        budgets.MapGet("/", GetAsync).RequireAuthorization().WithName("GetBudget")
            .WithSummary("The team's monthly budget and each environment's quota, as of this month.");
        budgets.MapPut("/", SetAsync).RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy)
            .WithSummary("Sets the team's own limits, or one environment's with ?environment= (admin keys only). Null fields return to configuration.");
    }

    private static async Task<Results<Ok<TeamBudgetView>, ProblemHttpResult>> GetAsync(string team, ClaimsPrincipal user, ITeamBudgetService budgets, CancellationToken ct)
    {
        if (TeamAccess.Check(ApiKeyAuthenticationHandler.CallerOf(user), team) is { } refused)
        {
            return refused;
        }
        var environments = new Dictionary<string, BudgetSnapshot>(StringComparer.Ordinal);
        foreach (var environment in Enum.GetValues<JobEnvironment>())
        {
            environments[WireNames.Of(environment)] = await budgets.GetAsync(team, environment, ct);
        }
        return TypedResults.Ok(new TeamBudgetView(team, await budgets.GetAsync(team, ct), environments));
    }

    private static async Task<Results<Accepted<BudgetLimits>, ProblemHttpResult>> SetAsync(
        string team, string? environment, BudgetLimits limits, ClaimsPrincipal user, ITeamBudgetService budgets, CancellationToken ct)
    {
        if (TeamAccess.Check(ApiKeyAuthenticationHandler.CallerOf(user), team) is { } refused)
        {
            return refused;
        }
        JobEnvironment scope = default;
        if (environment is not null && !WireNames.TryParse(environment, out scope))
        {
            return ApiProblems.InvalidParameter("environment", $"'{environment}' is not one of {string.Join(", ", WireNames.All<JobEnvironment>())}");
        }
        try
        {
            await (environment is null ? budgets.SetLimitsAsync(team, limits, ct) : budgets.SetLimitsAsync(team, scope, limits, ct));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Invalid("The budget limits are invalid", [new JobRequestError("$", JobRequestErrorCodes.OutOfRange, e.Message)]);
        }
        return TypedResults.Accepted($"/api/teams/{Uri.EscapeDataString(team)}/budget", limits);
    }
}

/// <summary>A team's budgets: the team-wide ceiling and the quota of each environment (sandbox, staging, production).</summary>
public sealed record TeamBudgetView(string Team, BudgetSnapshot Budget, IReadOnlyDictionary<string, BudgetSnapshot> Environments);
