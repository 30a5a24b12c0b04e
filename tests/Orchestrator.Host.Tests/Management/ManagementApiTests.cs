using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Durable.Client;
using Orchestrator.Host.Management;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using static Orchestrator.Host.Tests.Management.ManagementTestHost;

namespace Orchestrator.Host.Tests.Management;

/// <summary>
/// The Durable Functions management API's shapes and status codes over real HTTP, on instances the test drives into each
/// state: Running (202 + Location + Retry-After), Completed and Failed (200, or 500 when asked), Suspended, Terminated,
/// unknown (404), finished (410 for commands, 412 for purging a running one), and listing with continuation tokens.
/// </summary>
public sealed partial class ManagementApiTests : IAsyncLifetime
{
    private const string Instances = "runtime/webhooks/durabletask/instances";
    private ManagementTestHost host = null!;

    public async Task InitializeAsync() => host = await ManagementTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_running_instance_answers_202_with_Location_and_Retry_After_and_the_Durable_Functions_shape()
    {
        var id = await host.StartAsync("Wait", "team-a:running", new { clip = 1 });
        using var http = host.Http(TeamAKey);

        using var response = await http.GetAsync($"{Instances}/{Uri.EscapeDataString(id)}");

        var status = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(Uri.UnescapeDataString(response.RequestMessage!.RequestUri!.AbsoluteUri), Uri.UnescapeDataString(response.Headers.Location!.AbsoluteUri));
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal("Wait", status.GetProperty("name").GetString());
        Assert.Equal(id, status.GetProperty("instanceId").GetString());
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1, status.GetProperty("input").GetProperty("clip").GetInt32());
        Assert.Equal("waiting", status.GetProperty("customStatus").GetProperty("step").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
        Assert.Matches(DfTime(), status.GetProperty("createdTime").GetString());
        Assert.Matches(DfTime(), status.GetProperty("lastUpdatedTime").GetString());
        Assert.False(status.TryGetProperty("historyEvents", out _));
    }

    [Fact]
    public async Task RaiseEvent_completes_the_instance_then_commands_on_it_are_410()
    {
        var id = await host.StartAsync("Wait", "team-a:event", "in");
        using var http = host.Http(TeamAKey);

        using var raised = await http.PostJsonAsync($"{Instances}/{id}/raiseEvent/go", "{\"approved\":true}");
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        await host.CompletionAsync(id);

        using var done = await http.GetAsync($"{Instances}/{id}");
        var status = await done.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.True(status.GetProperty("output").GetProperty("approved").GetBoolean());
        Assert.Null(done.Headers.Location);
        Assert.Null(done.Headers.RetryAfter);
        await (await http.PostJsonAsync($"{Instances}/{id}/raiseEvent/go", "{}")).ProblemAsync(HttpStatusCode.Gone, ApiProblems.GoneType);
        using var admin = host.Http(AdminKey);
        await (await admin.PostAsync($"{Instances}/{id}/terminate?reason=late", null)).ProblemAsync(HttpStatusCode.Gone, ApiProblems.GoneType);
        await (await http.PostAsync($"{Instances}/{id}/suspend", null)).ProblemAsync(HttpStatusCode.Gone, ApiProblems.GoneType);
    }

    [Fact]
    public async Task History_is_shown_with_showHistory_and_its_outputs_only_with_showHistoryOutput()
    {
        var id = await host.StartAsync("Wait", "team-a:history", "secret-input");
        using var http = host.Http(TeamAKey);
        (await http.PostJsonAsync($"{Instances}/{id}/raiseEvent/go", "\"payload\"")).Dispose();
        await host.CompletionAsync(id);

        var brief = await (await http.GetAsync($"{Instances}/{id}?showHistory=true&showInput=false")).JsonAsync(HttpStatusCode.OK);
        var full = await (await http.GetAsync($"{Instances}/{id}?showHistory=true&showHistoryOutput=true")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, brief.GetProperty("input").ValueKind);
        var events = brief.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "EventRaised", "ExecutionCompleted"], events.Select(e => e.GetProperty("EventType").GetString()));
        Assert.Equal("Wait", events[0].GetProperty("FunctionName").GetString());
        Assert.False(events[0].TryGetProperty("Input", out _));
        Assert.Equal("go", events[1].GetProperty("Name").GetString());
        Assert.False(events[1].TryGetProperty("Input", out _));
        Assert.Equal("Completed", events[2].GetProperty("OrchestrationStatus").GetString());
        Assert.False(events[2].TryGetProperty("Result", out _));
        Assert.All(events, e => Assert.True(DateTimeOffset.TryParse(e.GetProperty("Timestamp").GetString(), out _)));

        var detailed = full.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("secret-input", detailed[0].GetProperty("Input").GetString());
        Assert.Equal("payload", detailed[1].GetProperty("Input").GetString());
        Assert.Equal("payload", detailed[2].GetProperty("Result").GetString());
    }

    [Fact]
    public async Task A_failed_instance_is_200_with_its_failure_or_500_when_asked()
    {
        var id = await host.StartAsync("Fail", "team-a:fail", "boom");
        await host.CompletionAsync(id);
        using var http = host.Http(TeamAKey);

        var status = await (await http.GetAsync($"{Instances}/{id}")).JsonAsync(HttpStatusCode.OK);
        var asError = await (await http.GetAsync($"{Instances}/{id}?returnInternalServerErrorOnFailure=true")).JsonAsync(HttpStatusCode.InternalServerError);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains("failed on purpose: boom", status.GetProperty("output").GetString());
        Assert.Equal("Failed", asError.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Suspend_resume_and_terminate_by_the_owning_teams_key_move_the_instance_through_its_states()
    {
        var id = await host.StartAsync("Wait", "team-a:suspend", null);
        using var http = host.Http(TeamAKey);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"{Instances}/{id}/suspend?reason=pause", null)).StatusCode);
        var suspended = await Eventually.ValueAsync(() => StatusAsync(http, id), s => s == "Suspended", "the instance is suspended");
        using (var response = await http.GetAsync($"{Instances}/{id}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"{Instances}/{id}/resume?reason=go%20on", null)).StatusCode);
        await Eventually.ValueAsync(() => StatusAsync(http, id), s => s == "Running", "the instance runs again");
        using var otherTeam = host.Http(TeamBKey);
        await (await otherTeam.PostAsync($"{Instances}/{id}/terminate?reason=not-yours", null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"{Instances}/{id}/terminate?reason=enough", null)).StatusCode);
        var terminated = await host.CompletionAsync(id);

        Assert.Equal("Suspended", suspended);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        var status = await (await http.GetAsync($"{Instances}/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("enough", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Unknown_instances_are_404_problems_for_every_operation()
    {
        using var http = host.Http(TeamAKey);

        await (await http.GetAsync($"{Instances}/team-a:nobody")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await http.PostJsonAsync($"{Instances}/team-a:nobody/raiseEvent/go", "{}")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await http.PostAsync($"{Instances}/team-a:nobody/suspend", null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        using var admin = host.Http(AdminKey);
        await (await admin.PostAsync($"{Instances}/team-a:nobody/terminate", null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await http.PostAsync($"{Instances}/team-a:nobody/resume", null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        await (await http.DeleteAsync($"{Instances}/team-a:nobody")).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
    }

    [Fact]
    public async Task RaiseEvent_refuses_content_that_is_not_JSON_or_too_large_and_raises_nothing()
    {
        var id = await host.StartAsync("Wait", "team-a:badevent", null);
        using var http = host.Http(TeamAKey);

        await (await http.PostAsync($"{Instances}/{id}/raiseEvent/go", new StringContent("yes", System.Text.Encoding.UTF8, "text/plain"))).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.BadRequestType);
        await (await http.PostJsonAsync($"{Instances}/{id}/raiseEvent/go", "{not json")).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.BadRequestType);
        var huge = $"\"{new string('x', ManagementEndpoints.MaxEventBytes)}\"";
        await (await http.PostJsonAsync($"{Instances}/{id}/raiseEvent/go", huge)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, ApiProblems.BadRequestType);

        Assert.Equal("Running", await StatusAsync(http, id));
        Assert.DoesNotContain(await host.Client.GetHistoryAsync(id), e => e.EventType == "EventRaised");
    }

    [Fact]
    public async Task Purging_refuses_a_running_instance_and_removes_a_finished_one()
    {
        var running = await host.StartAsync("Wait", "team-a:purge-running", null);
        var done = await host.StartAsync("Echo", "team-a:purge-done", 7);
        await host.CompletionAsync(done);
        using var http = host.Http(TeamAKey);

        await (await http.DeleteAsync($"{Instances}/{running}")).ProblemAsync(HttpStatusCode.PreconditionFailed, ApiProblems.NotFinishedType);
        var purged = await (await http.DeleteAsync($"{Instances}/{done}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, purged.GetProperty("instancesDeleted").GetInt32());
        Assert.Null(await host.Client.GetInstanceAsync(done));
        Assert.NotNull(await host.Client.GetInstanceAsync(running));
        await (await http.GetAsync($"{Instances}/{done}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purging_by_filter_needs_createdTimeFrom_and_purges_only_the_callers_finished_instances()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("o");
        foreach (var id in new[] { "team-a:f1", "team-a:f2", "team-b:f1" })
        {
            await host.StartAsync("Echo", id, 1);
            await host.CompletionAsync(id);
        }
        await host.StartAsync("Wait", "team-a:still-running", null);
        using var teamA = host.Http(TeamAKey);

        await (await teamA.DeleteAsync(Instances)).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var purged = await (await teamA.DeleteAsync($"{Instances}?createdTimeFrom={Uri.EscapeDataString(before)}")).JsonAsync(HttpStatusCode.OK);
        await (await teamA.DeleteAsync($"{Instances}?createdTimeFrom={Uri.EscapeDataString(before)}")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(2, purged.GetProperty("instancesDeleted").GetInt32());
        Assert.NotNull(await host.Client.GetInstanceAsync("team-b:f1"));
        Assert.NotNull(await host.Client.GetInstanceAsync("team-a:still-running"));
    }

    [Fact]
    public async Task Listing_pages_with_the_continuation_header_and_filters_by_status()
    {
        for (var i = 0; i < 7; i++)
        {
            await host.StartAsync("Echo", $"team-a:list{i}", i);
        }
        await host.StartAsync("Wait", "team-a:list-running", null);
        for (var i = 0; i < 7; i++)
        {
            await host.CompletionAsync($"team-a:list{i}");
        }
        using var http = host.Http(TeamAKey);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?top=3&runtimeStatus=Completed,Failed");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }
            using var response = await http.SendAsync(request);
            var page = await response.JsonAsync(HttpStatusCode.OK);
            Assert.True(page.GetArrayLength() <= 3);
            seen.AddRange(page.EnumerateArray().Select(item => item.GetProperty("instanceId").GetString()!));
            Assert.All(page.EnumerateArray(), item => Assert.Equal(JsonValueKind.Null, item.GetProperty("input").ValueKind));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"team-a:list{i}").Order(), seen.Order());
        Assert.Equal(3, pages);
        var withInput = await (await http.GetAsync($"{Instances}?instanceIdPrefix=team-a:list0&showInput=true")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, withInput.EnumerateArray().Single().GetProperty("input").GetInt32());
    }

    [Fact]
    public async Task Listing_refuses_parameters_it_cannot_read_naming_each()
    {
        using var http = host.Http(TeamAKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?runtimeStatus=Running,Sleeping&top=0&createdTimeFrom=yesterday");
        request.Headers.Add("x-ms-continuation-token", "not*base64");

        var problem = await (await http.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);

        var paths = problem.GetProperty("errors").EnumerateArray().Select(error => error.GetProperty("path").GetString()).ToList();
        Assert.Equal(["createdTimeFrom", "runtimeStatus", "top", "x-ms-continuation-token"], paths.Order());
    }

    [Fact]
    public async Task A_team_key_reaches_only_its_teams_instances_and_an_admin_key_reaches_all()
    {
        var mine = await host.StartAsync("Wait", "team-a:isolated", null);
        var theirs = await host.StartAsync("Wait", "team-b:isolated", null);
        using var teamB = host.Http(TeamBKey);
        using var admin = host.Http(AdminKey);

        await (await teamB.GetAsync($"{Instances}/{mine}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await teamB.PostAsync($"{Instances}/{mine}/suspend", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await teamB.PostJsonAsync($"{Instances}/{mine}/raiseEvent/go", "{}")).ProblemAsync(HttpStatusCode.NotFound);
        var teamBList = await (await teamB.GetAsync(Instances)).JsonAsync(HttpStatusCode.OK);
        var sneaky = await (await teamB.GetAsync($"{Instances}?instanceIdPrefix=team-a")).JsonAsync(HttpStatusCode.OK);
        var adminList = await (await admin.GetAsync(Instances)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([theirs], teamBList.EnumerateArray().Select(item => item.GetProperty("instanceId").GetString()));
        Assert.Equal(0, sneaky.GetArrayLength());
        Assert.Contains(mine, adminList.EnumerateArray().Select(item => item.GetProperty("instanceId").GetString()));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(mine))!.RuntimeStatus);
        await (await admin.GetAsync($"{Instances}/{mine}")).JsonAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_a_401_problem_naming_the_header()
    {
        using var anonymous = host.Http(null);
        using var wrong = host.Http("not-a-key-of-this-host");

        using var missing = await anonymous.GetAsync(Instances);
        var missingProblem = await missing.ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.UnauthorizedType);
        var wrongProblem = await (await wrong.GetAsync(Instances)).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.UnauthorizedType);

        Assert.Contains("X-Api-Key", missing.Headers.WwwAuthenticate.ToString());
        Assert.Contains("X-Api-Key", missingProblem.GetProperty("detail").GetString());
        Assert.DoesNotContain("not-a-key-of-this-host", wrongProblem.ToString());
    }

    private static async Task<string?> StatusAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"{Instances}/{id}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("runtimeStatus").GetString();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex DfTime();
}
