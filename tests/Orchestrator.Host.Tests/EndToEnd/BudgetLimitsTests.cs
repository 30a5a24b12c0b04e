using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Host.Budgets;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// PUT /api/teams/{team}/budget over real HTTP: a body is read strictly, so a typo, a wrong type or a body naming no limit
/// is refused with every problem named and changes nothing (an ignored typo used to put the configured, higher ceiling
/// back); returning to configuration takes an explicit {"reset": true}.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class BudgetLimitsTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task A_typo_in_a_limits_body_is_refused_and_the_ceiling_stays_until_an_explicit_reset()
    {
        var team = HostStack.NewTeam("limits");
        var url = $"api/teams/{team}/budget?environment=sandbox";
        using var http = Stack.Http();
        await Stack.SetSandboxCeilingAsync(team, 0.10m);
        await Eventually.TrueAsync(async () => (await SandboxAsync(http, team)).GetProperty("ceilingUsd").GetDecimal() == 0.10m, "the 0.10 USD ceiling is set");

        var typo = await (await http.PutAsync(url, Json("""{"monthlyCeilingUSD_typo":0.05}"""))).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var empty = await (await http.PutAsync(url, Json("{}"))).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var afterRefusals = await SandboxAsync(http, team);
        var reset = await (await http.PutAsync(url, Json("""{"reset":true}"""))).JsonAsync(HttpStatusCode.Accepted);
        var configured = await Eventually.ValueAsync(() => SandboxAsync(http, team), budget => budget.GetProperty("limitsSource").GetString() == "configuration",
            "the sandbox quota is back to configuration");

        var error = Assert.Single(typo.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.monthlyCeilingUSD_typo", error.GetProperty("path").GetString());
        Assert.Equal("unknown-field", error.GetProperty("code").GetString());
        Assert.Contains("did you mean 'monthlyCeilingUsd'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("names no limit", empty.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"reset\": true", empty.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.10m, afterRefusals.GetProperty("ceilingUsd").GetDecimal());
        Assert.Equal("team", afterRefusals.GetProperty("limitsSource").GetString());
        Assert.Equal(JsonValueKind.Object, reset.ValueKind);
        Assert.Equal(25m, configured.GetProperty("ceilingUsd").GetDecimal());
    }

    public static TheoryData<string, string[]> BadBodies => new()
    {
        { """{"monthlyCeilingUsd":"0.05","maxRegenerations":2.5,"note":1}""", ["$.monthlyCeilingUsd wrong-type", "$.maxRegenerations wrong-type", "$.note unknown-field"] },
        { """{"monthlyCeilingUsd":-1,"maxRegenerations":11}""", ["$.monthlyCeilingUsd out-of-range", "$.maxRegenerations out-of-range"] },
        { """{"monthlyCeilingUsd":5,"monthlyCeilingUsd":6}""", ["$.monthlyCeilingUsd duplicate-field"] },
        { """{"monthlyCeilingUsd":null}""", ["$ required"] },
        { """{"reset":true,"maxRegenerations":1}""", ["$.reset inconsistent"] },
        { """{"reset":"yes"}""", ["$.reset wrong-type"] },
        { """[{"monthlyCeilingUsd":5}]""", ["$ wrong-type"] },
        { """{"monthlyCeilingUsd": 0.05""", ["$ invalid-json"] },
        { "", ["$ required"] },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_limits_body_is_a_problem_naming_each_error(string body, string[] expected)
    {
        var team = HostStack.NewTeam("badlimits");
        using var http = Stack.Http();

        var problem = await (await http.PutAsync($"api/teams/{team}/budget", Json(body))).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var budget = await (await http.GetAsync($"api/teams/{team}/budget")).JsonAsync(HttpStatusCode.OK);

        var errors = problem.GetProperty("errors").EnumerateArray().Select(error => $"{error.GetProperty("path").GetString()} {error.GetProperty("code").GetString()}");
        Assert.Equal(expected, errors);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), error => Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString())));
        Assert.Equal("configuration", budget.GetProperty("budget").GetProperty("limitsSource").GetString());
    }

    [Fact]
    public async Task Malformed_json_says_where_and_a_body_that_is_not_json_is_unsupported()
    {
        var team = HostStack.NewTeam("jsonlimits");
        using var http = Stack.Http();

        var malformed = await (await http.PutAsync($"api/teams/{team}/budget", Json("{\"monthlyCeilingUsd\": 5,}"))).ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var text = await (await http.PutAsync($"api/teams/{team}/budget", new StringContent("monthlyCeilingUsd=5"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var untyped = await (await http.PutAsync($"api/teams/{team}/budget", content: null)).ProblemAsync(HttpStatusCode.UnsupportedMediaType, ApiProblems.UnsupportedMediaType);
        var large = await (await http.PutAsJsonAsync($"api/teams/{team}/budget", new { monthlyCeilingUsd = 5, pad = new string('x', BudgetLimitsUpdate.MaxBytes) }))
            .ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);

        Assert.Contains("is not valid JSON at line 1, byte", malformed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("application/json", text.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no content type", untyped.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("too-large", large.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_limits_body_with_its_reset()
    {
        using var anonymous = Stack.Http(key: null);

        var document = await (await anonymous.GetAsync("openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

        var put = document.GetProperty("paths").GetProperty("/api/teams/{team}/budget").GetProperty("put");
        var reference = put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]);
        Assert.Equal(["monthlyCeilingUsd", "maxRegenerations", "reset"], schema.GetProperty("properties").EnumerateObject().Select(property => property.Name));
        Assert.Contains("{\"reset\": true}", put.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonElement> SandboxAsync(HttpClient http, string team) =>
        (await (await http.GetAsync($"api/teams/{team}/budget")).JsonAsync(HttpStatusCode.OK)).GetProperty("environments").GetProperty("sandbox");
}
