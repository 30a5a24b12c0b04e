using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Security;
using Orchestrator.Workflow.Costs;

namespace Orchestrator.Host.Reports;

/// <summary>
/// Spend reports from the cost rows (one per job attempt), per UTC month ("yyyy-MM", default this month): a team's month
/// (total, per vendor, accepted-video cost), its rows, spend per vendor, and every team's month for admin keys.
/// </summary>
public static class CostReportEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireAuthorization().WithTags("Cost reports");
        reports.MapGet("/teams/{team}/spend", async (string team, string? month, ClaimsPrincipal user, ICostReports costs, TimeProvider time, CancellationToken ct) =>
            await ForTeamAsync(team, month, user, time, m => costs.SpendByTeamAsync(team, m, ct)))
            .WithSummary("A team's month: billed, attempts, jobs, per vendor, and the cost per accepted video.");
        reports.MapGet("/teams/{team}/accepted-video-cost", async (string team, string? month, ClaimsPrincipal user, ICostReports costs, TimeProvider time, CancellationToken ct) =>
            await ForTeamAsync(team, month, user, time, m => costs.AcceptedVideoCostAsync(team, m, ct)))
            .WithSummary("Everything billed in the month (failures and regenerations too) over the clips approved.");
        reports.MapGet("/teams/{team}/rows", async (string team, string? month, ClaimsPrincipal user, ICostReports costs, TimeProvider time, CancellationToken ct) =>
            await ForTeamAsync(team, month, user, time, async m => await costs.RowsAsync(team, m, ct).ToListAsync(ct)))
            .WithSummary("Every cost row of the team's month, one per job attempt.");
        reports.MapGet("/vendors", VendorsAsync).WithSummary("Spend per vendor in the month: a team key sees its team's; an admin key all teams' or one team's (?team=).");
        reports.MapGet("/teams", async (string? month, ICostReports costs, TimeProvider time, CancellationToken ct) =>
            MonthOf(month, time) is { } m ? TypedResults.Ok(await costs.SpendByTeamAsync(m, ct)) : (Results<Ok<IReadOnlyList<TeamMonthSpend>>, ProblemHttpResult>)BadMonth(month!))
            .RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy).WithSummary("Every team's month (admin keys only).");
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> ForTeamAsync<T>(string team, string? month, ClaimsPrincipal user, TimeProvider time, Func<string, Task<T>> read)
    {
        if (TeamAccess.Check(ApiKeyAuthenticationHandler.CallerOf(user), team) is { } refused)
        {
            return refused;
        }
        return MonthOf(month, time) is { } m ? TypedResults.Ok(await read(m)) : BadMonth(month!);
    }

    private static async Task<Results<Ok<IReadOnlyList<VendorSpend>>, ProblemHttpResult>> VendorsAsync(
        string? month, string? team, ClaimsPrincipal user, ICostReports costs, TimeProvider time, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.CallerOf(user);
        var scope = caller.IsAdmin ? team : team ?? caller.Team;
        if (scope is not null && TeamAccess.Check(caller, scope) is { } refused)
        {
            return refused;
        }
        return MonthOf(month, time) is { } m ? TypedResults.Ok(await costs.SpendByVendorAsync(m, scope, ct)) : BadMonth(month!);
    }

    /// <summary>"yyyy-MM", or this UTC month when not given; null when given but malformed.</summary>
    private static string? MonthOf(string? month, TimeProvider time)
    {
        if (month is null)
        {
            return time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        return DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? month : null;
    }

    private static ProblemHttpResult BadMonth(string month) => ApiProblems.InvalidParameter("month", $"'{month}' is not a month such as 2026-11 (yyyy-MM, UTC)");
}
