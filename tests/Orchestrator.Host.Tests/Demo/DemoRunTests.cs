using System.Net;
using System.Text.RegularExpressions;
using Orchestrator.Host.Demo;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.Demo;

/// <summary>
/// The README's run command, <c>demo</c>, as a child process on a free port: its final table has one row per sample job,
/// each with a final status; the monitor's URL is printed and the host answers there; Ctrl+C (SIGINT to its process group,
/// Azurite included, as a terminal sends it) ends it with exit code 0 and no stack trace.
/// </summary>
public sealed partial class DemoRunTests
{
    private const string ReadyLine = "to stop everything.";

    /// <summary>Azurite's first install, the build of a cold machine and a batch of twelve clips: generous, never a timing check.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    private static readonly HashSet<string> FinalStatuses = ["Succeeded", "Moderated", "BudgetExceeded", "Failed", "Canceled", "NoEligibleRoute", "Invalid"];

    [Fact]
    public async Task The_demo_prints_a_final_row_per_sample_job_serves_the_monitor_and_stops_quietly_on_ctrl_c()
    {
        var port = FreePorts.Next();
        await using var demo = DemoProcess.Start(port);

        Assert.True(await demo.WaitForAsync(ReadyLine, Patience), $"the demo did not finish its batch:\n{demo.Output}");
        var shown = demo.Output;
        var monitor = MonitorUrl().Match(shown);
        Assert.True(monitor.Success, $"no monitor URL in:\n{shown}");
        var monitorUrl = new Uri(monitor.Groups[1].Value);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var page = await http.GetAsync(monitorUrl);
        var health = await (await http.GetAsync(new Uri(monitorUrl, "health"))).JsonAsync(HttpStatusCode.OK);
        var exitCode = await demo.InterruptAsync();
        var afterCtrlC = demo.Output[shown.Length..];

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), monitorUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var rows = TableRows(shown);
        Assert.True(rows.Count == DemoBatch.Jobs.Count, $"{rows.Count} table rows for {DemoBatch.Jobs.Count} sample jobs:\n{shown}");
        Assert.All(DemoBatch.Jobs, job =>
        {
            var row = Assert.Single(rows, cells => cells[0] == job.Label);
            Assert.Equal(job.Team, row[1]);
            Assert.True(FinalStatuses.Contains(row[4]), $"{job.Label}: status '{row[4]}' is not final");
        });
        Assert.Equal("Moderated", Assert.Single(rows, cells => cells[0] == "blocked prompt (moderation)")[4]);
        Assert.Equal("BudgetExceeded", Assert.Single(rows, cells => cells[0] == "over budget")[4]);
        Assert.Equal(0, exitCode);
        Assert.Contains("Stopping the host, the emulator and Azurite", afterCtrlC, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", afterCtrlC, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), afterCtrlC);
    }

    /// <summary>The final table's body rows as trimmed cells (one line each: the demo widens a redirected console).</summary>
    private static List<string[]> TableRows(string output) =>
    [
        .. output.Split('\n')
            .SkipWhile(line => !line.Contains("The sample batch", StringComparison.Ordinal))
            .TakeWhile(line => !line.StartsWith('╰'))
            .Where(line => line.StartsWith('│') && !line.StartsWith("│ job ", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('│').Split('│').Select(cell => cell.Trim()).ToArray()),
    ];

    [GeneratedRegex(@"Monitor\s+(http://\S+)")]
    private static partial Regex MonitorUrl();

    [GeneratedRegex(@"^\s+at \S+", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
