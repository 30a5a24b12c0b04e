using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Orchestrator.Durable;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;
using Orchestrator.Host.Management;
using Orchestrator.Host.Security;
using Orchestrator.Workflow.Access;

namespace Orchestrator.Host.Tests.Management;

/// <summary>
/// The host's management API, auth and problem details on real Kestrel (a free loopback port) over a real engine on a
/// SQLite file, with small orchestrations whose states the tests drive exactly: "Wait" waits for the event "go",
/// "Fail" throws, "Echo" returns its input. Instance ids start with their team ("team-a:1"), which is how
/// <see cref="TeamPrefixOwnership"/> tells owners apart.
/// </summary>
internal sealed class ManagementTestHost : IAsyncDisposable
{
    public const string TeamAKey = "team-a-key-0123456789";
    public const string TeamBKey = "team-b-key-0123456789";
    public const string AdminKey = "admin-key-0123456789ab";

    private readonly WebApplication app;
    private readonly string folder;

    private ManagementTestHost(WebApplication app, string folder, Uri baseUrl)
    {
        this.app = app;
        this.folder = folder;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public DurableEngineClient Client => app.Services.GetRequiredService<DurableEngineClient>();

    public static async Task<ManagementTestHost> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("orchestrator-host-mgmt-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:ApiKeys:Keys:0:Id"] = "team-a-ci",
            ["Orchestrator:ApiKeys:Keys:0:Team"] = "team-a",
            ["Orchestrator:ApiKeys:Keys:0:Key"] = TeamAKey,
            ["Orchestrator:ApiKeys:Keys:1:Id"] = "team-b-ci",
            ["Orchestrator:ApiKeys:Keys:1:Team"] = "team-b",
            ["Orchestrator:ApiKeys:Keys:1:Sha256"] = ApiKeyRegistry.HashOf(TeamBKey),
            ["Orchestrator:ApiKeys:Keys:2:Id"] = "ops",
            ["Orchestrator:ApiKeys:Keys:2:Admin"] = "true",
            ["Orchestrator:ApiKeys:Keys:2:Key"] = AdminKey,
            ["Orchestrator:Host:StatusRetryAfter"] = "00:00:02",
        });
        builder.Services.AddDurableEngine(
            new DurableEngineOptions { DatabasePath = Path.Combine(folder, "durable.db"), PollingInterval = TimeSpan.FromMilliseconds(50), LeaseDuration = TimeSpan.FromSeconds(2) },
            tasks => tasks
                .AddOrchestratorFunc<JsonElement, JsonElement>("Wait", async (context, input) =>
                {
                    context.SetCustomStatus(new { step = "waiting" });
                    return await context.WaitForExternalEvent<JsonElement>("go");
                })
                .AddOrchestratorFunc<string, string>("Fail", (_, input) => throw new InvalidOperationException($"failed on purpose: {input}"))
                .AddOrchestratorFunc<JsonElement, JsonElement>("Echo", (_, input) => Task.FromResult(input)));
        OrchestratorHost.AddServices(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<IInstanceOwnership, TeamPrefixOwnership>();
        var app = builder.Build();
        OrchestratorHost.UseCommon(app);
        ManagementEndpoints.Map(app);
        await app.StartAsync();
        return new ManagementTestHost(app, folder, new Uri(app.Urls.First()));
    }

    public HttpClient Http(string? key)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    public async Task<string> StartAsync(string orchestration, string instanceId, object? input)
    {
        await Client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, new StartOrchestrationOptions(instanceId));
        await Client.WaitForInstanceStartAsync(instanceId);
        return instanceId;
    }

    public async Task<OrchestrationMetadata> CompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file briefly; the temp folder is swept by the OS
        }
    }

    /// <summary>Ids look like "team:rest".</summary>
    private sealed class TeamPrefixOwnership : IInstanceOwnership
    {
        public string? TeamOf(OrchestrationMetadata instance) => instance.InstanceId.Split(':')[0];

        public string? InstanceIdPrefixOf(string team) => team + ":";
    }
}
