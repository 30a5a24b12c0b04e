using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The rest of the API over real HTTP: quotes, listing with filters and pages, approval and the cost reports it feeds,
/// the OpenAPI document, health, and problem details for routes and methods that do not exist.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class ApiSurfaceTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task A_quote_shows_the_choice_its_worst_case_and_every_route_and_starts_nothing()
    {
        var team = HostStack.NewTeam("quote");
        using var http = Stack.Http();

        var quote = await (await http.PostJsonAsync("api/quotes", Requests.Simple(team, "a lighthouse at dusk"))).JsonAsync(HttpStatusCode.OK);
        var invalid = await (await http.PostJsonAsync("api/quotes", "{\"team\":\"x\"}")).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        using var teamA = Stack.Http(HostStack.TeamAKey);
        await (await teamA.PostJsonAsync("api/quotes", Requests.Simple("team-b", "not mine to price"))).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);

        var choice = quote.GetProperty("choice");
        Assert.Equal("fal/kling-v3-standard", choice.GetProperty("route").GetString());
        Assert.Equal("default", choice.GetProperty("rule").GetString());
        Assert.True(choice.GetProperty("worstCaseUsd").GetDecimal() >= choice.GetProperty("costUsd").GetDecimal());
        Assert.NotEmpty(choice.GetProperty("fallbacks").EnumerateArray());
        Assert.Contains("fal/kling-v3-standard", quote.GetProperty("explanation").GetString());
        Assert.True(quote.GetProperty("routes").GetArrayLength() >= 18);
        Assert.True(quote.GetProperty("moderation").GetProperty("allowed").GetBoolean());
        Assert.Equal(["$.prompt", "$.durationSeconds"], invalid.GetProperty("errors").EnumerateArray().Select(error => error.GetProperty("path").GetString()));
        Assert.Equal(0, (await (await http.GetAsync($"api/jobs?team={team}")).JsonAsync(HttpStatusCode.OK)).GetProperty("jobs").GetArrayLength());
    }

    [Fact]
    public async Task Jobs_are_listed_by_status_a_page_at_a_time()
    {
        var team = HostStack.NewTeam("list");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Stack.StartJobAsync(Requests.Simple(team, $"clip {i} ({team})"))).Id);
        }
        ids.Add((await Stack.StartJobAsync(Requests.Simple(team, "a beheading, moderated"))).Id);
        foreach (var id in ids)
        {
            await Stack.FinishedAsync(id);
        }
        using var http = Stack.Http();

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await (await http.GetAsync($"api/jobs?team={team}&pageSize=2{(token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token))}")).JsonAsync(HttpStatusCode.OK);
            Assert.True(page.GetProperty("jobs").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("instanceId").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        var moderated = await (await http.GetAsync($"api/jobs?team={team}&status=moderated")).JsonAsync(HttpStatusCode.OK);
        var bad = await (await http.GetAsync($"api/jobs?team={team}&status=sleeping&pageSize=0&createdFrom=soon")).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal([ids[^1]], moderated.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("instanceId").GetString()));
        Assert.Equal(["createdFrom", "pageSize", "status"], bad.GetProperty("errors").EnumerateArray().Select(error => error.GetProperty("path").GetString()).Order());
    }

    [Fact]
    public async Task Approving_a_clip_counts_it_in_the_accepted_video_cost_and_the_reports_match_the_budget()
    {
        var team = HostStack.NewTeam("approve");
        var kept = await Stack.StartJobAsync(Requests.Simple(team, $"the take we keep ({team})"));
        var dropped = await Stack.StartJobAsync(Requests.Simple(team, $"the take we drop ({team})"));
        await Stack.FinishedAsync(kept.Id);
        await Stack.FinishedAsync(dropped.Id);
        using var http = Stack.Http();

        using var approved = await http.PostAsync($"api/jobs/{Uri.EscapeDataString(kept.Id)}/approve", null);
        var spend = (await http.GetFromJsonAsync<TeamMonthSpend>($"api/reports/teams/{team}/spend", HostJson.Options))!;
        var accepted = (await http.GetFromJsonAsync<AcceptedVideoCost>($"api/reports/teams/{team}/accepted-video-cost", HostJson.Options))!;
        var vendors = (await http.GetFromJsonAsync<List<VendorSpend>>($"api/reports/vendors?team={team}", HostJson.Options))!;
        var budget = await (await http.GetAsync($"api/teams/{team}/budget")).JsonAsync(HttpStatusCode.OK);
        var badMonth = await (await http.GetAsync($"api/reports/teams/{team}/spend?month=2026-13")).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(2, spend.Jobs);
        Assert.Equal(1, accepted.ApprovedVideos);
        Assert.Equal(spend.BilledUsd, accepted.UsdPerApprovedVideo);
        Assert.Equal(spend.BilledUsd, vendors.Sum(vendor => vendor.BilledUsd));
        Assert.Equal(spend.BilledUsd, budget.GetProperty("budget").GetProperty("spentUsd").GetDecimal());
        Assert.Equal(spend.BilledUsd, budget.GetProperty("environments").GetProperty("sandbox").GetProperty("spentUsd").GetDecimal());
        Assert.Equal("month", badMonth.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal("e2e-admin", (await Stack.GetJobAsync(kept.Id))!.Raw.GetProperty("job").GetProperty("approval").GetProperty("approvedBy").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_names_every_endpoint_and_the_api_key_scheme()
    {
        using var anonymous = Stack.Http(key: null);

        var document = await (await anonymous.GetAsync("openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();
        Assert.Contains("/api/jobs", paths);
        Assert.Contains("/api/jobs/{instanceId}", paths);
        Assert.Contains("/api/quotes", paths);
        Assert.Contains("/api/teams/{team}/budget", paths);
        Assert.Contains("/api/webhooks/{vendor}", paths);
        Assert.Contains("/runtime/webhooks/durabletask/instances/{instanceId}", paths);
        Assert.Contains("/runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}", paths);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
    }

    [Fact]
    public async Task Health_answers_without_a_key_and_unknown_routes_and_methods_are_problems()
    {
        using var anonymous = Stack.Http(key: null);
        using var admin = Stack.Http();

        var health = await (await anonymous.GetAsync("health")).JsonAsync(HttpStatusCode.OK);
        var missing = await (await admin.GetAsync("api/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);
        var method = await (await admin.DeleteAsync("api/quotes")).ProblemAsync(HttpStatusCode.MethodNotAllowed);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Contains("/api/nothing-here", missing.GetProperty("detail").GetString());
        Assert.Contains("DELETE", method.GetProperty("detail").GetString());
    }
}
