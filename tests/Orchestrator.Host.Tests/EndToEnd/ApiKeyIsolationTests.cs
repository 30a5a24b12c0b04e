using System.Net;
using System.Text.Json;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Workflow.Jobs;
using static Orchestrator.Host.Tests.Support.HostStack;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// Per-team API keys over real HTTP: a key starts and sees only its own team's jobs (the job API, the list, the
/// management API, budgets, reports), an environment-bound key starts jobs only there, an admin key sees every team,
/// and no key ever reaches a log.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class ApiKeyIsolationTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task A_team_key_cannot_start_a_job_for_another_team_and_nothing_is_started()
    {
        var request = Requests.Simple("team-b", "someone else's clip", idempotencyKey: $"foreign-{Guid.NewGuid():N}");
        using var teamA = Stack.Http(TeamAKey);

        var problem = await (await teamA.PostJsonAsync("api/jobs", request)).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);

        Assert.Contains("team-b", problem.GetProperty("detail").GetString());
        var key = JsonDocument.Parse(request).RootElement.GetProperty("idempotencyKey").GetString()!;
        Assert.Null(await Stack.GetJobAsync(JobInstanceId.For("team-b", key)));
    }

    [Fact]
    public async Task Another_teams_job_does_not_exist_for_a_team_key_anywhere_and_an_admin_key_sees_it()
    {
        var started = await Stack.StartJobAsync(Requests.Simple("team-a", $"team a's own clip {Guid.NewGuid():N}"), TeamAKey);
        await Stack.FinishedAsync(started.Id);
        var id = Uri.EscapeDataString(started.Id);
        using var teamA = Stack.Http(TeamAKey);
        using var teamB = Stack.Http(TeamBKey);
        using var admin = Stack.Http(AdminKey);

        await (await teamB.GetAsync($"api/jobs/{id}")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await teamB.PostAsync($"api/jobs/{id}/cancel", null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await teamB.PostAsync($"api/jobs/{id}/approve", null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await teamB.GetAsync($"runtime/webhooks/durabletask/instances/{id}")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await teamB.DeleteAsync($"runtime/webhooks/durabletask/instances/{id}")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await teamB.GetAsync("api/jobs?team=team-a")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        var teamBJobs = await (await teamB.GetAsync("api/jobs?pageSize=200")).JsonAsync(HttpStatusCode.OK);
        var teamBInstances = await (await teamB.GetAsync("runtime/webhooks/durabletask/instances?top=1000")).JsonAsync(HttpStatusCode.OK);
        var teamAJobs = await (await teamA.GetAsync("api/jobs?pageSize=200")).JsonAsync(HttpStatusCode.OK);
        var adminJobs = await (await admin.GetAsync("api/jobs?team=team-a&pageSize=200")).JsonAsync(HttpStatusCode.OK);

        Assert.DoesNotContain(started.Id, Ids(teamBJobs.GetProperty("jobs"), "instanceId"));
        Assert.DoesNotContain(started.Id, Ids(teamBInstances, "instanceId"));
        Assert.All(Ids(teamBInstances, "instanceId"), instanceId => Assert.StartsWith("team-b~", instanceId));
        Assert.Contains(started.Id, Ids(teamAJobs.GetProperty("jobs"), "instanceId"));
        Assert.Contains(started.Id, Ids(adminJobs.GetProperty("jobs"), "instanceId"));
        await (await teamA.GetAsync($"runtime/webhooks/durabletask/instances/{id}")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_environment_bound_key_starts_jobs_only_in_its_environment()
    {
        using var production = Stack.Http(ProductionOnlyKey);

        var refused = await (await production.PostJsonAsync("api/jobs", Requests.Simple("team-a", "a sandbox clip from a production key")))
            .ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        var accepted = await (await production.PostJsonAsync("api/jobs",
            Requests.Json("team-a", new { prompt = $"a production clip {Guid.NewGuid():N}", durationSeconds = 5, environment = "production" }))).JsonAsync(HttpStatusCode.Accepted);

        Assert.Contains("production", refused.GetProperty("detail").GetString());
        Assert.Equal(JobStatus.Succeeded, (await Stack.FinishedAsync(accepted.GetProperty("id").GetString()!)).Job.Status);
    }

    [Fact]
    public async Task Budgets_and_reports_are_the_teams_own_and_limits_are_set_by_admin_keys_only()
    {
        using var teamA = Stack.Http(TeamAKey);
        using var admin = Stack.Http(AdminKey);

        await (await teamA.GetAsync("api/teams/team-a/budget")).JsonAsync(HttpStatusCode.OK);
        await (await teamA.GetAsync("api/teams/team-b/budget")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        await (await teamA.PutAsync("api/teams/team-a/budget", Json("{\"monthlyCeilingUsd\":1000000}"))).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        await (await teamA.GetAsync("api/reports/teams/team-b/spend")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        await (await teamA.GetAsync("api/reports/teams")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        await (await teamA.GetAsync("api/reports/vendors?team=team-b")).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        await (await teamA.GetAsync("api/reports/teams/team-a/spend")).JsonAsync(HttpStatusCode.OK);
        await (await admin.GetAsync("api/reports/teams")).JsonAsync(HttpStatusCode.OK);
        await (await admin.GetAsync("api/teams/team-b/budget")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_a_401_problem_and_no_key_reaches_a_log()
    {
        const string Unknown = "e2e-unknown-key-zyxwvutsrqponm";
        using var anonymous = Stack.Http(key: null);
        using var wrong = Stack.Http(Unknown);
        using var bearer = Stack.Http(key: null);
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", TeamAKey);

        await (await anonymous.PostJsonAsync("api/jobs", Requests.Simple("team-a", "no key"))).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.UnauthorizedType);
        await (await wrong.GetAsync("api/jobs")).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.UnauthorizedType);
        await (await bearer.GetAsync("api/jobs")).JsonAsync(HttpStatusCode.OK);
        await Stack.StartJobAsync(Requests.Simple("team-a", $"logged? {Guid.NewGuid():N}"), TeamAKey);

        Assert.NotEmpty(Stack.Logs.Lines);
        foreach (var secret in new[] { AdminKey, TeamAKey, TeamBKey, ProductionOnlyKey, Unknown })
        {
            Assert.DoesNotContain(Stack.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static List<string?> Ids(JsonElement array, string property) => [.. array.EnumerateArray().Select(item => item.GetProperty(property).GetString())];
}
