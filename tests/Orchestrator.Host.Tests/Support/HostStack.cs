using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Orchestrator.Emulator;
using Orchestrator.Host.Budgets;
using Orchestrator.Host.Demo;
using Orchestrator.Host.Management;
using Orchestrator.Host.Security;
using Orchestrator.Workflow.Access;
using Orchestrator.Storage.Queues;
using Orchestrator.Testing;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using JobOutcome = Orchestrator.Workflow.Jobs.JobOutcome;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// The whole product over real HTTP: the host on Kestrel on a free loopback port (or as a child process), real Azurite
/// (its own queue, tables and containers per stack), the vendor emulator on loopback, the engine on a SQLite file, short
/// poll and retry delays. Keys: an admin key and two team keys ("team-a", "team-b"); tests use their own team names
/// through the admin key so they never share a budget or a listing.
/// </summary>
public sealed class HostStack : IAsyncDisposable
{
    public const string AdminKey = "e2e-admin-key-0123456789abcdef";
    public const string TeamAKey = "e2e-team-a-key-0123456789abcdef";
    public const string TeamBKey = "e2e-team-b-key-0123456789abcdef";
    public const string ProductionOnlyKey = "e2e-team-a-production-key-01234";

    private static int counter;
    private readonly string folder;
    private WebApplication? app;

    private HostStack(EmulatorServer emulator, Uri baseUrl, string folder, Dictionary<string, string?> settings)
    {
        Emulator = emulator;
        BaseUrl = baseUrl;
        this.folder = folder;
        Settings = settings;
    }

    public EmulatorServer Emulator { get; }

    /// <summary>Every log line of the in-process host, from Debug up.</summary>
    public LogCapture Logs { get; } = new();

    public Uri BaseUrl { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The in-process host's services (null when the host runs as a child process).</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The host runs in another process.");

    /// <summary>The in-process host's lifetime: whether it is stopping (a background service that failed stops it).</summary>
    public IHostApplicationLifetime Lifetime => app?.Lifetime ?? throw new InvalidOperationException("The host runs in another process.");

    public string QueueName => Settings["Orchestrator:BulkQueue:QueueName"]!;

    public string CostTable => Settings["Orchestrator:Workflow:CostTable"]!;

    public static string Month => DateTimeOffset.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A fresh team name, so a test has its own budget, cost rows and listing.</summary>
    public static string NewTeam(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}-{Random.Shared.Next(1000, 9999)}";

    /// <summary>Starts the emulator and the settings; the host itself in-process unless <paramref name="inProcess"/> is false.</summary>
    public static Task<HostStack> StartAsync(AzuriteFixture azurite, Action<Dictionary<string, string?>>? configure = null,
        EmulatorOptions? emulatorOptions = null, bool inProcess = true) =>
        StartAsync(azurite.ConnectionString, configure, emulatorOptions, inProcess);

    /// <summary>The same, on storage that may not answer yet (an Azurite the test starts later).</summary>
    public static async Task<HostStack> StartAsync(string storageConnectionString, Action<Dictionary<string, string?>>? configure = null,
        EmulatorOptions? emulatorOptions = null, bool inProcess = true)
    {
        var emulator = await EmulatorServer.StartAsync(emulatorOptions ?? new EmulatorOptions());
        var folder = Directory.CreateTempSubdirectory("orchestrator-host-e2e-").FullName;
        var baseUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var settings = LocalStackSettings.For(storageConnectionString, emulator, baseUrl, Path.Combine(folder, "durable.db"));
        var name = AzuriteFixture.UniqueName("e");
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Orchestrator:Workflow:CostTable"] = name + "costs",
            ["Orchestrator:Workflow:SubmissionTable"] = name + "subs",
            ["Orchestrator:Workflow:VideoContainerPrefix"] = name + "videos",
            ["Orchestrator:BulkQueue:QueueName"] = name + "bulk",
            ["Orchestrator:BulkQueue:MaxPollInterval"] = "00:00:00.200",
            ["Orchestrator:BulkQueue:VisibilityTimeout"] = "00:00:01",
            ["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:00:00.300",
            ["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:00:01",
            ["Orchestrator:Workflow:Policy:SubmitRetryDelay"] = "00:00:00.300",
            ["Orchestrator:Workflow:Policy:ReconcileDelay"] = "00:00:00.300",
            ["Orchestrator:Workflow:Policy:StoreRetryDelay"] = "00:00:00.300",
            ["Orchestrator:Durable:PollingInterval"] = "00:00:00.050",
            ["Orchestrator:Durable:LeaseDuration"] = "00:00:03",
            ["Orchestrator:Host:StatusRetryAfter"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orchestrator:ApiKeys:Keys:0:Id"] = "e2e-admin",
            ["Orchestrator:ApiKeys:Keys:0:Admin"] = "true",
            ["Orchestrator:ApiKeys:Keys:0:Key"] = AdminKey,
            ["Orchestrator:ApiKeys:Keys:1:Id"] = "e2e-team-a",
            ["Orchestrator:ApiKeys:Keys:1:Team"] = "team-a",
            ["Orchestrator:ApiKeys:Keys:1:Sha256"] = ApiKeyRegistry.HashOf(TeamAKey),
            ["Orchestrator:ApiKeys:Keys:2:Id"] = "e2e-team-b",
            ["Orchestrator:ApiKeys:Keys:2:Team"] = "team-b",
            ["Orchestrator:ApiKeys:Keys:2:Key"] = TeamBKey,
            ["Orchestrator:ApiKeys:Keys:3:Id"] = "e2e-team-a-production",
            ["Orchestrator:ApiKeys:Keys:3:Team"] = "team-a",
            ["Orchestrator:ApiKeys:Keys:3:Environment"] = "production",
            ["Orchestrator:ApiKeys:Keys:3:Key"] = ProductionOnlyKey,
        })
        {
            settings[key] = value;
        }
        configure?.Invoke(settings);
        var stack = new HostStack(emulator, baseUrl, folder, settings);
        emulator.Context.OpenAiWebhookUrl = new Uri(baseUrl, "api/webhooks/openai").AbsoluteUri;
        if (inProcess)
        {
            stack.app = OrchestratorHost.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.AddProvider(stack.Logs).AddFilter<LogCapture>(null, LogLevel.Debug);
            });
            await stack.app.StartAsync();
        }
        return stack;
    }

    public HttpClient Http(string? key = AdminKey)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }
        return http;
    }

    public QueueClient Queue() => new(Settings["Orchestrator:Storage:ConnectionString"]!, QueueName);

    public QueueClient PoisonQueue() => new(Settings["Orchestrator:Storage:ConnectionString"]!, PoisonMessageHandler.NameFor(QueueName));

    /// <summary>Starts a job over HTTP and returns the check-status payload (asserting the 202).</summary>
    public async Task<CheckStatusPayload> StartJobAsync(string requestJson, string key = AdminKey)
    {
        using var http = Http(key);
        using var response = await http.PostJsonAsync("api/jobs", requestJson);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/jobs answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<CheckStatusPayload>(body, HostJson.Options)!;
    }

    /// <summary>GET /api/jobs/{id}, or null on 404.</summary>
    public async Task<JobRead?> GetJobAsync(string instanceId, string key = AdminKey)
    {
        using var http = Http(key);
        using var response = await http.GetAsync($"api/jobs/{Uri.EscapeDataString(instanceId)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return JobRead.From(await response.JsonAsync(HttpStatusCode.OK));
    }

    /// <summary>A team's jobs (up to 200, newest first), through the list API.</summary>
    public async Task<List<JobOutcome>> JobsAsync(string team)
    {
        using var http = Http();
        using var response = await http.GetAsync($"api/jobs?team={team}&pageSize=200");
        var page = await response.JsonAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("jobs").EnumerateArray().Select(job => job.Deserialize<JobOutcome>(HostJson.Options)!)];
    }

    /// <summary>Waits (generously) until the job has ended, through the API, and returns it.</summary>
    public async Task<JobRead> FinishedAsync(string instanceId, TimeSpan? patience = null) =>
        (await Eventually.ValueAsync(() => GetJobAsync(instanceId), details => details is { Job.Status: not JobStatus.Running },
            $"job {instanceId} has ended", patience))!;

    /// <summary>The cost rows of a team's month, read from Table storage by the workflow's reports.</summary>
    public async Task<List<CostRow>> CostRowsAsync(string team)
    {
        using var http = Http();
        return (await http.GetFromJsonAsync<List<CostRow>>($"api/reports/teams/{team}/rows?month={Month}", HostJson.Options))!;
    }

    /// <summary>A team's budgets: the team ceiling and each environment's quota.</summary>
    public async Task<TeamBudgetView> BudgetAsync(string team)
    {
        using var http = Http();
        return (await http.GetFromJsonAsync<TeamBudgetView>($"api/teams/{team}/budget", HostJson.Options))!;
    }

    public async Task SetSandboxCeilingAsync(string team, decimal ceilingUsd)
    {
        using var http = Http();
        using var response = await http.PutAsJsonAsync($"api/teams/{team}/budget?environment=sandbox", new { monthlyCeilingUsd = ceilingUsd });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a child host may still be exiting; the temp folder is left to the OS
        }
    }
}
