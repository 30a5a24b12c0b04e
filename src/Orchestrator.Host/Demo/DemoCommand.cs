using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using Orchestrator.Emulator;
using Orchestrator.Host.BulkQueue;
using Orchestrator.Host.Security;
using Orchestrator.Storage.Local;
using Orchestrator.Storage.Queues;
using Orchestrator.Workflow.Jobs;
using Spectre.Console;

namespace Orchestrator.Host.Demo;

/// <summary>
/// <c>dotnet run --project src/Orchestrator.Host -- demo [--port 7071]</c>: the whole product on a laptop. Starts Azurite
/// (installed through npm on first use), the vendor emulator and the host (engine on a fresh SQLite file), submits the
/// sample batch through the bulk queue and one job over HTTP, prints progress and the final table, then leaves everything
/// running with the URLs and keys printed until Ctrl+C.
/// </summary>
internal static class DemoCommand
{
    private const int DefaultPort = 7071;
    private const int RedirectedWidth = 200;
    private static readonly TimeSpan BatchPatience = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var console = Console.IsOutputRedirected ? PlainConsole() : AnsiConsole.Console;
        if (!TryReadPort(args, out var port, out var problem))
        {
            console.MarkupLine($"[red]demo: {Markup.Escape(problem)}[/]");
            return 2;
        }
        console.Write(new Rule("[bold]Orchestrator demo[/]").LeftJustified());
        var azurite = await console.Status().StartAsync("Starting Azurite (npm installs it on first use)...",
            _ => AzuriteProcess.StartAsync(new AzuriteOptions()));
        await using (azurite)
        {
            console.MarkupLine($"[green]Azurite[/]   blob {azurite.BlobEndpoint}  queue {azurite.QueueEndpoint}  table {azurite.TableEndpoint}");
            await using var emulator = await EmulatorServer.StartAsync(DemoBatch.EmulatorOptions());
            DemoBatch.Script(emulator);
            console.MarkupLine($"[green]Emulator[/]  {emulator.BaseUrl} (every vendor contract, a few seconds per clip)");

            var data = Directory.CreateTempSubdirectory("orchestrator-demo-").FullName;
            var hostUrl = new Uri($"http://127.0.0.1:{port}");
            var keys = DemoBatch.Teams.Append("admin").ToDictionary(name => name, _ => NewKey(), StringComparer.Ordinal);
            var settings = LocalStackSettings.For(azurite.ConnectionString, emulator, hostUrl, Path.Combine(data, "durable.db"));
            settings["Logging:LogLevel:Default"] = "Warning";
            settings["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
            var index = 0;
            foreach (var (name, key) in keys)
            {
                settings[$"Orchestrator:ApiKeys:Keys:{index}:Id"] = $"demo-{name}";
                settings[$"Orchestrator:ApiKeys:Keys:{index}:Key"] = key;
                settings[name == "admin" ? $"Orchestrator:ApiKeys:Keys:{index}:Admin" : $"Orchestrator:ApiKeys:Keys:{index}:Team"] = name == "admin" ? "true" : name;
                index++;
            }
            await using var app = OrchestratorHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
            await app.StartAsync();
            emulator.Context.OpenAiWebhookUrl = $"{hostUrl.AbsoluteUri}api/webhooks/openai";
            console.MarkupLine($"[green]Host[/]      {hostUrl} (engine: {Markup.Escape(Path.Combine(data, "durable.db"))})");
            var stopping = app.Lifetime.ApplicationStopping;
            try
            {
                using var admin = Client(hostUrl, keys["admin"]);
                var instances = await SubmitAsync(console, hostUrl, admin, keys, azurite.ConnectionString, app.Services.GetRequiredService<BulkQueueOptions>(), stopping);
                var views = await new DemoWatcher(admin, console, TimeProvider.System).WatchAsync(instances, BatchPatience, stopping);
                console.Write(DemoWatcher.FinalTable(views));
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Ctrl+C during the batch: the host stops answering (and Azurite, which got the same signal, may be gone).
                console.MarkupLine("[yellow]Stopped before the batch finished.[/]");
            }
            if (!stopping.IsCancellationRequested)
            {
                PrintWhereToLook(console, hostUrl, keys, data);
                await app.WaitForShutdownAsync();
            }
            console.MarkupLine("Stopping the host, the emulator and Azurite...");
            await app.StopAsync();
            TryDelete(data);
        }
        return 0;
    }

    private static async Task<Dictionary<DemoJob, string>> SubmitAsync(IAnsiConsole console, Uri hostUrl, HttpClient admin, Dictionary<string, string> keys,
        string storage, BulkQueueOptions queueOptions, CancellationToken ct)
    {
        using (var budget = await admin.PutAsJsonAsync("api/teams/indie-c/budget?environment=sandbox", new { monthlyCeilingUsd = DemoBatch.TinyQuotaUsd }, ct))
        {
            budget.EnsureSuccessStatusCode();
        }
        console.MarkupLine($"indie-c's sandbox quota set to {DemoBatch.TinyQuotaUsd.ToString(CultureInfo.InvariantCulture)} USD (admin key), so its job cannot fit.");
        var queue = new QueueClient(storage, queueOptions.QueueName);
        await queue.CreateIfNotExistsAsync(ct);
        var instances = new Dictionary<DemoJob, string>();
        foreach (var job in DemoBatch.Jobs)
        {
            if (job.OverHttp)
            {
                using var team = Client(hostUrl, keys[job.Team]);
                using var response = await team.PostAsync("api/jobs", new StringContent(job.RequestJson, System.Text.Encoding.UTF8, "application/json"), ct);
                response.EnsureSuccessStatusCode();
                console.MarkupLine($"POST /api/jobs -> {(int)response.StatusCode}, Location {Markup.Escape(response.Headers.Location?.ToString() ?? "-")}");
            }
            else
            {
                await queue.SendMessageAsync(job.RequestJson, cancellationToken: ct);
            }
            instances[job] = JobInstanceId.For(job.Team, job.IdempotencyKey);
        }
        console.MarkupLine($"Queued {DemoBatch.Jobs.Count(job => !job.OverHttp)} jobs on '{queueOptions.QueueName}' and sent 1 over HTTP. Progress:");
        return instances;
    }

    private static void PrintWhereToLook(IAnsiConsole console, Uri hostUrl, Dictionary<string, string> keys, string data)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Host[/]", hostUrl.AbsoluteUri);
        grid.AddRow("[bold]Monitor[/]", $"{hostUrl.AbsoluteUri}  (paste the admin key once)");
        grid.AddRow("[bold]OpenAPI[/]", $"{hostUrl.AbsoluteUri}openapi/v1.json");
        grid.AddRow("[bold]Management API[/]", $"{hostUrl.AbsoluteUri}runtime/webhooks/durabletask/instances");
        foreach (var (name, key) in keys)
        {
            grid.AddRow($"[bold]{name} key[/]", $"{key}  ({ApiKeyAuthenticationHandler.HeaderName} header)");
        }
        grid.AddRow("[bold]Engine file[/]", Markup.Escape(Path.Combine(data, "durable.db")));
        console.Write(new Panel(grid).Header("The host keeps running").Border(BoxBorder.Rounded));
        console.MarkupLine("Press [bold]Ctrl+C[/] to stop everything.");
    }

    // The engine's file lived only for this run; the folder may still be held for a moment by SQLite's last checkpoint.
    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleanup
        }
    }

    // Into a file or a CI log: plain text, and no terminal width to fit (Spectre would assume 80), so each table row is one line.
    private static IAnsiConsole PlainConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }

    private static HttpClient Client(Uri hostUrl, string key)
    {
        var http = new HttpClient { BaseAddress = hostUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return http;
    }

    private static string NewKey() => "demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    private static bool TryReadPort(string[] args, out int port, out string problem)
    {
        port = DefaultPort;
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var chosen) && chosen is > 0 and < 65536)
            {
                port = chosen;
                i++;
                continue;
            }
            problem = $"unknown or incomplete argument '{args[i]}' (usage: demo [--port 1-65535])";
            return false;
        }
        if (!IsFree(port))
        {
            problem = $"port {port} is in use; choose another with --port";
            return false;
        }
        return true;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
