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
/// in flight); PUT (admin keys only) sets the team's own limits or one environment's (<see cref="BudgetLimitsUpdate"/>).
/// </summary>
public static class BudgetEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var budgets = app.MapGroup("/api/teams/{team}/budget").WithTags("Budgets");
        budgets.MapGet("/", GetAsync).RequireAuthorization().WithName("GetBudget")
            .WithSummary("The team's monthly budget and each environment's quota, as of this month.");
        budgets.MapPut("/", SetAsync).RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy).Accepts<BudgetLimitsUpdate>("application/json")
            .WithSummary("Sets the team's own limits, or one environment's with ?environment= (admin keys only).")
            .WithDescription("The limits given replace the previous ones; a limit left out returns to configuration. The body must name at least one "
                + "limit, or be {\"reset\": true} alone to return both to configuration. Unknown fields and wrong types are refused (400), each named.");
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
        string team, string? environment, HttpRequest http, ClaimsPrincipal user, ITeamBudgetService budgets, CancellationToken ct)
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
        if (!JsonBody.IsJson(http.ContentType))
        {
            return JsonBody.NotJson("the limits", http.ContentType);
        }
        var (update, errors) = BudgetLimitsUpdate.Parse(await JsonBody.ReadAsync(http, BudgetLimitsUpdate.MaxBytes + 1, ct));
        if (update is null)
        {
            return ApiProblems.Invalid("The budget limits are invalid", errors);
        }
        var limits = update.ToLimits();
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
