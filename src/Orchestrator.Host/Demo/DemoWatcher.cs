using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Workflow.Jobs;
using Spectre.Console;

namespace Orchestrator.Host.Demo;

/// <summary>
/// Follows the batch through the host's own API (GET /api/jobs/{id}, as any client would), printing a line whenever a job
/// changes step or status, then the final table: route (with failovers), status, attempts, cost and provenance.
/// </summary>
internal sealed class DemoWatcher(HttpClient api, IAnsiConsole console, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(700);
    private readonly Dictionary<string, string> lastSeen = new(StringComparer.Ordinal);

    /// <summary>Polls until every job has finished or <paramref name="patience"/> runs out; returns each job's last view.</summary>
    public async Task<IReadOnlyDictionary<DemoJob, JobOutcome?>> WatchAsync(IReadOnlyDictionary<DemoJob, string> instances, TimeSpan patience, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + patience;
        var views = instances.Keys.ToDictionary(job => job, _ => (JobOutcome?)null);
        while (true)
        {
            foreach (var (job, instanceId) in instances)
            {
                if (await ReadAsync(instanceId, ct) is { } view)
                {
                    views[job] = view;
                    Report(job, view);
                }
            }
            if (views.Values.All(view => view is { Status: not JobStatus.Running }))
            {
                return views;
            }
            if (time.GetUtcNow() > deadline)
            {
                console.MarkupLine($"[yellow]Still running after {patience.TotalSeconds:0} s; the table shows where each job stands.[/]");
                return views;
            }
            await Task.Delay(Tick, time, ct);
        }
    }

    public static Table FinalTable(IReadOnlyDictionary<DemoJob, JobOutcome?> views)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]The sample batch[/]");
        foreach (var column in new[] { "job", "team", "via", "route", "status", "USD", "C2PA" })
        {
            table.AddColumn(column);
        }
        table.Columns[5].RightAligned();
        foreach (var (job, view) in views)
        {
            var status = view?.Status.ToString() ?? "not started";
            table.AddRow(
                Markup.Escape(job.Label),
                job.Team,
                job.OverHttp ? "HTTP" : "queue",
                Markup.Escape(view is null ? "-" : Routes(view)),
                $"[{Colour(status)}]{status}[/]",
                view?.BilledUsd.ToString("0.00##", CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(Provenance(view)));
        }
        return table;
    }

    // The job's report part (JobOutcome) is all the demo shows; JobView itself is written by the host, not read back.
    private async Task<JobOutcome?> ReadAsync(string instanceId, CancellationToken ct)
    {
        using var response = await api.GetAsync($"api/jobs/{Uri.EscapeDataString(instanceId)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var details = await response.Content.ReadFromJsonAsync<JsonElement>(HostJson.Options, ct);
        return details.GetProperty("job").Deserialize<JobOutcome>(HostJson.Options);
    }

    private void Report(DemoJob job, JobOutcome view)
    {
        var attempt = view.Attempts.Count > 0 ? view.Attempts[^1] : null;
        var vendor = attempt is null ? string.Empty : $"{attempt.Route} {attempt.VendorStatus} {(attempt.Progress is { } p ? $"{p}%" : string.Empty)}".TrimEnd();
        var line = $"{view.Status} · {view.Step}{(vendor.Length > 0 ? " · " + vendor : string.Empty)}";
        if (lastSeen.TryGetValue(job.Label, out var previous) && previous == line)
        {
            return;
        }
        lastSeen[job.Label] = line;
        console.MarkupLine($"[grey]{time.GetLocalNow():HH:mm:ss}[/] {Markup.Escape(job.Label),-30} [{Colour(view.Status.ToString())}]{Markup.Escape(line)}[/]");
    }

    private static string Routes(JobOutcome view) =>
        view.Attempts.Count > 0 ? string.Join(" -> ", view.Attempts.Select(attempt => attempt.Route)) : "-";

    private static string Provenance(JobOutcome? view) => view?.Provenance is { } provenance
        ? provenance.AiGeneratedDeclared ? $"{provenance.State}, AI-generated declared" : provenance.State.ToString()
        : "-";

    private static string Colour(string status) => status switch
    {
        nameof(JobStatus.Succeeded) => "green",
        nameof(JobStatus.Running) => "blue",
        nameof(JobStatus.Moderated) or nameof(JobStatus.BudgetExceeded) or nameof(JobStatus.Canceled) or nameof(JobStatus.NoEligibleRoute) => "yellow",
        _ => "red",
    };
}
