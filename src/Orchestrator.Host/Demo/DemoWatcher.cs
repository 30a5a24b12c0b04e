using System.Globalization;
using System.Net;
using System.Text.Json;
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
    public async Task<IReadOnlyDictionary<DemoJob, JsonElement?>> WatchAsync(IReadOnlyDictionary<DemoJob, string> instances, TimeSpan patience, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + patience;
        var views = instances.Keys.ToDictionary(job => job, _ => (JsonElement?)null);
        while (true)
        {
            foreach (var (job, instanceId) in instances)
            {
                var view = await ReadAsync(instanceId, ct);
                views[job] = view ?? views[job];
                if (view is { } v)
                {
                    Report(job, v);
                }
            }
            if (views.Values.All(view => view is { } v && Text(v, "status") is { } status && status != "Running"))
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

    public static Table FinalTable(IReadOnlyDictionary<DemoJob, JsonElement?> views)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]The sample batch[/]");
        foreach (var column in new[] { "job", "team", "via", "route", "status", "attempts", "cost USD", "provenance" })
        {
            table.AddColumn(column);
        }
        table.Columns[6].RightAligned();
        foreach (var (job, view) in views)
        {
            var v = view ?? default;
            var status = view is null ? "not started" : Text(v, "status") ?? "?";
            table.AddRow(
                Markup.Escape(job.Label),
                job.Team,
                job.OverHttp ? "HTTP" : "queue",
                Markup.Escape(view is null ? "-" : Routes(v)),
                $"[{Colour(status)}]{Markup.Escape(status)}[/]",
                view is null ? "0" : Attempts(v).Count().ToString(CultureInfo.InvariantCulture),
                view is null ? "-" : Money(v, "billedUsd"),
                Markup.Escape(view is null ? "-" : Provenance(v)));
        }
        return table;
    }

    private async Task<JsonElement?> ReadAsync(string instanceId, CancellationToken ct)
    {
        using var response = await api.GetAsync($"api/jobs/{Uri.EscapeDataString(instanceId)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    private void Report(DemoJob job, JsonElement view)
    {
        var status = Text(view, "status") ?? "?";
        var step = Text(view, "step");
        var last = Attempts(view).LastOrDefault();
        var vendor = last.ValueKind == JsonValueKind.Object ? $"{Text(last, "route")} {Text(last, "vendorStatus")} {Number(last, "progress")}".Trim() : string.Empty;
        var line = $"{status,-14} {step,-18} {vendor}";
        if (lastSeen.TryGetValue(job.Label, out var previous) && previous == line)
        {
            return;
        }
        lastSeen[job.Label] = line;
        console.MarkupLine($"[grey]{time.GetLocalNow():HH:mm:ss}[/] {Markup.Escape(job.Label),-30} [{Colour(status)}]{Markup.Escape(line)}[/]");
    }

    private static string Routes(JsonElement view)
    {
        var routes = Attempts(view).Select(attempt => Text(attempt, "route")).Where(route => route is not null).ToList();
        return routes.Count > 0 ? string.Join(" -> ", routes) : "-";
    }

    private static string Provenance(JsonElement view)
    {
        if (!view.TryGetProperty("provenance", out var provenance) || provenance.ValueKind != JsonValueKind.Object)
        {
            return "-";
        }
        var state = Text(provenance, "state") ?? "?";
        return provenance.TryGetProperty("aiGeneratedDeclared", out var ai) && ai.ValueKind == JsonValueKind.True ? $"{state}, AI-generated declared" : state;
    }

    private static IEnumerable<JsonElement> Attempts(JsonElement view) =>
        view.TryGetProperty("attempts", out var attempts) && attempts.ValueKind == JsonValueKind.Array ? attempts.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? $"{value.GetInt32()}%" : string.Empty;

    private static string Money(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal().ToString("0.00##", CultureInfo.InvariantCulture) : "-";

    private static string Colour(string status) => status switch
    {
        "Succeeded" => "green",
        "Running" => "blue",
        "Moderated" or "BudgetExceeded" or "Canceled" or "NoEligibleRoute" => "yellow",
        _ => "red",
    };
}
