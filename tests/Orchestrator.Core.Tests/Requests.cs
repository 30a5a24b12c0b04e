using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Tests;

/// <summary>Job requests for tests, built from JSON through the real parser so tests exercise the contract.</summary>
internal static class Requests
{
    public static readonly DateTimeOffset Today = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset BeforeSoraSunset = new(2026, 9, 23, 23, 59, 0, TimeSpan.Zero);

    /// <summary>Parses a request body (a team and a prompt are added when missing) and fails the test on any error.</summary>
    public static JobRequest Parse(string fieldsJson)
    {
        var body = JsonNode.Parse(fieldsJson)!.AsObject();
        body.TryAdd("team", "studio-a");
        body.TryAdd("prompt", "a lighthouse at dusk");
        var result = new JobRequestParser().Parse(body.ToJsonString());
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Request!;
    }
}
