using System.Text.RegularExpressions;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// Team isolation in Azure rests on every function that starts, reads or stops a team's jobs resolving the caller's
/// API key with the shared registry (as the local host does) before it touches the job service. A Functions key proves
/// nothing about the team, and the Durable extension's check-status URLs carry its system key, which manages every
/// team's instances: neither may be what lets a caller in or what a caller is handed.
/// </summary>
public sealed partial class ApiKeyCheckTests
{
    private const string KeyCheck = "keys.AnswerAsCallerAsync(request, ";
    private const string JobService = "FunctionJobs.For(";

    /// <summary>Signed by the vendor, not keyed: the adapter's verification is the proof (and it only raises hints on jobs).</summary>
    private const string Webhook = "VendorWebhook";

    /// <summary>Whoever may write to the bulk queue speaks for the message's team, as on the local host.</summary>
    private const string BulkStarter = "BulkJobStarter";

    [Fact]
    public void Every_http_function_is_anonymous_at_the_platform_so_only_our_checks_decide()
    {
        var http = FunctionSources.WithTrigger("HttpTrigger");

        Assert.Contains(http, function => function.Name == "StartJob");
        Assert.All(http, function => Assert.Matches(@"\[HttpTrigger\(AuthorizationLevel\.Anonymous\b", function.Text));
    }

    [Fact]
    public void No_function_reaches_the_job_service_before_resolving_the_callers_key()
    {
        var reaching = FunctionSources.All.Where(function => function.Text.Contains(JobService, StringComparison.Ordinal)).ToList();
        var keyed = reaching.Where(function => function.Name is not (Webhook or BulkStarter)).ToList();

        Assert.Equal(["CancelJob", "GetJob", "StartJob"], keyed.Select(function => function.Name).Order(StringComparer.Ordinal));
        foreach (var function in keyed)
        {
            var check = function.Text.IndexOf(KeyCheck, StringComparison.Ordinal);
            Assert.True(check >= 0, $"{function.File}: {function.Name} reaches the job service without {KeyCheck}.");
            Assert.True(check < function.Text.IndexOf(JobService, StringComparison.Ordinal), $"{function.File}: {function.Name} reaches the job service before checking the key.");
        }
        // The one place that answers for the caller: the shared registry's check, or its refusal.
        var gate = File.ReadAllText(FunctionSources.Files().Single(file => Path.GetFileName(file) == "ApiKeyRequests.cs"));
        Assert.Matches(@"check\.Caller is \{ \} caller \? await answer\(caller\) : await HttpAnswers\.KeyRefusedAsync\(request, check\.Refusal!\)", gate);
    }

    [Fact]
    public void Jobs_are_started_read_and_cancelled_only_as_the_resolved_caller()
    {
        var forged = FunctionSources.All.Where(function => function.Text.Contains("new JobCaller(", StringComparison.Ordinal)).Select(function => function.Name);
        var webhook = Assert.Single(FunctionSources.All, function => function.Name == Webhook);

        // Only the queue starter names its caller itself; everywhere else the caller is the key's.
        Assert.Equal([BulkStarter], forged);
        Assert.DoesNotMatch(@"\.(StartAsync|GetAsync|ListAsync|CancelAsync|ApproveAsync)\(", webhook.Text);
        Assert.All(FunctionSources.WithTrigger("HttpTrigger").Where(function => function.Name != Webhook),
            function => Assert.DoesNotMatch(@"\b(StartAsync|CancelAsync|ApproveAsync)\(\w+, (?!caller\b)", function.Text));
    }

    [Fact]
    public void Only_an_admin_callers_answer_carries_the_durable_extensions_system_key()
    {
        // The extension's check-status URLs carry its system key, which manages every team's instances: each use must sit
        // directly under an `if (caller.IsAdmin)` guard.
        var unguarded = FunctionSources.Files()
            .SelectMany(file => SystemKeyUses(File.ReadAllLines(file)).Select(line => $"{Path.GetRelativePath(FunctionSources.Folder, file)}:{line + 1}"));
        var uses = FunctionSources.Files().Sum(file => File.ReadAllLines(file).Count(IsSystemKeyUse));

        Assert.Empty(unguarded);
        Assert.Equal(1, uses);
    }

    private static bool IsSystemKeyUse(string line) => SystemKeyUrls().IsMatch(line) && !line.TrimStart().StartsWith("//", StringComparison.Ordinal);

    private static IEnumerable<int> SystemKeyUses(string[] lines) =>
        Enumerable.Range(0, lines.Length)
            .Where(i => IsSystemKeyUse(lines[i]))
            .Where(i => !lines[Math.Max(0, i - 3)..i].Any(line => line.Contains("if (caller.IsAdmin)", StringComparison.Ordinal)));

    [GeneratedRegex(@"\b(CreateCheckStatusResponse(Async)?|CreateHttpManagementPayload)\b")]
    private static partial Regex SystemKeyUrls();
}
