using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Jobs;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;
using Orchestrator.Testing;
using Orchestrator.Vendors;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Holds;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests.Support;

/// <summary>
/// One workflow host as the local host will build it: <c>AddJobWorkflow(configuration)</c> on a real SQLite file, its own
/// tables and containers in Azurite, vendors pointed at the emulator, short poll and retry delays. A second host can
/// take over the same database and storage (a restart after a crash).
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    public const string CallbackSecret = "workflow-tests-callback-signing-secret-0123";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    private static int counter;
    private readonly ServiceProvider services;
    private readonly HttpClient vendorHttp;
    private bool ownsFolder = true;
    private bool stopped;

    private WorkflowHost(string name, string folder, Dictionary<string, string?> settings, ServiceProvider services, HttpClient vendorHttp)
    {
        Name = name;
        Folder = folder;
        Settings = settings;
        this.services = services;
        this.vendorHttp = vendorHttp;
    }

    public string Name { get; }

    public string Folder { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IServiceProvider Services => services;

    public DurableEngine Engine => services.GetRequiredService<DurableEngine>();

    public DurableTaskClient Client => services.GetRequiredService<DurableTaskClient>();

    public IJobService Jobs => services.GetRequiredService<IJobService>();

    public ITeamBudgetService Budgets => services.GetRequiredService<ITeamBudgetService>();

    public ICostReports Reports => services.GetRequiredService<ICostReports>();

    public WorkflowStorage Storage => services.GetRequiredService<WorkflowStorage>();

    public VendorWebhookReceiver Receiver => services.GetRequiredService<VendorWebhookReceiver>();

    public JobHolds Holds => services.GetRequiredService<JobHolds>();

    public Uri WebhookBase => new(Settings["Orchestrator:Workflow:WebhookBaseUrl"]!);

    public static async Task<WorkflowHost> StartAsync(WorkflowEnvironment environment, Action<IDictionary<string, string?>>? configure, WorkflowHost? sameStoreAs)
    {
        var name = sameStoreAs?.Name ?? $"h{Interlocked.Increment(ref counter)}{Random.Shared.Next(1000, 9999)}";
        var folder = sameStoreAs?.Folder ?? Directory.CreateTempSubdirectory("workflow-tests-").FullName;
        var settings = sameStoreAs is null ? Defaults(environment, name, folder) : new Dictionary<string, string?>(sameStoreAs.Settings);
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        // The vendors' HTTP is this host's own, so a crash can cut the calls it has in flight, as a dying process would.
        var vendorHttp = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var provider = new ServiceCollection()
            .AddLogging()
            .AddJobWorkflow(configuration)
            .AddSingleton(sp => new VendorClients(sp.GetRequiredService<VendorsOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IWebhookReplayStore>(), vendorHttp))
            .BuildServiceProvider();
        await provider.GetRequiredService<DurableEngine>().StartAsync();
        return new WorkflowHost(name, folder, settings, provider, vendorHttp);
    }

    public static JobCaller CallerFor(string team) => new("test-key", team, IsAdmin: false);

    /// <summary>Starts a job and waits for its outcome.</summary>
    public async Task<JobOutcome> RunAsync(JobRequest request)
    {
        var started = await StartAsync(request);
        return await OutcomeAsync(started);
    }

    public async Task<string> StartAsync(JobRequest request)
    {
        var started = await Jobs.StartAsync(request, CallerFor(request.Team));
        Assert.True(started.Started, started.Refusal?.Message);
        return started.InstanceId;
    }

    /// <summary>Waits (generously: the machine may be loaded) for the job's orchestration to complete and returns its outcome.</summary>
    public Task<JobOutcome> OutcomeAsync(string instanceId) => OutputAsync<JobOutcome>(instanceId, instanceId);

    /// <summary>The run a job's instance holds now (it reports its run from its first step on).</summary>
    public async Task<JobRunId> RunOfAsync(string instanceId)
    {
        var runId = await Eventually.ValueAsync(async () => (await Jobs.GetAsync(instanceId))?.RunId, runId => runId is not null, $"{instanceId} reports its run");
        return new JobRunId(instanceId, runId!);
    }

    /// <summary>Waits (generously) for the release of a job run's holds to complete and returns what it did.</summary>
    public Task<HoldReleaseOutcome> ReleaseOutcomeAsync(JobRunId run) => OutputAsync<HoldReleaseOutcome>(JobHolds.ReleaseInstanceId(run), $"the release of {run}");

    /// <summary>The cost rows of a team's month.</summary>
    public async Task<List<CostRow>> CostRowsAsync(string team, string month) => await Reports.RowsAsync(team, month).ToListAsync();

    /// <summary>Waits (generously) for an orchestration to complete, asserts it did (<paramref name="what"/> names it), and returns its output.</summary>
    private async Task<T> OutputAsync<T>(string instanceId, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{what} ended {metadata.RuntimeStatus}: {metadata.FailureDetails}");
        return metadata.ReadOutputAs<T>()!;
    }

    /// <summary>Stops the engine. Abandoning leaves running activities undone (a crash): the next engine on the file redelivers them.</summary>
    public async Task StopAsync(bool abandonActivities)
    {
        using var shutdown = new CancellationTokenSource();
        if (abandonActivities)
        {
            await shutdown.CancelAsync();
        }
        await Engine.StopAsync(shutdown.Token);
        stopped = true;
    }

    /// <summary>
    /// A crash: the engine stops without finishing its activities and the process's clients die with it (a vendor call
    /// in flight is cut off). The database and storage stay for the next host (<see cref="WorkflowEnvironment.StartHostAsync"/>).
    /// </summary>
    public async Task CrashAsync()
    {
        await StopAsync(abandonActivities: true);
        vendorHttp.CancelPendingRequests();
        vendorHttp.Dispose();
        ownsFolder = false;
        await services.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopped)
        {
            await StopAsync(abandonActivities: false);
        }
        await services.DisposeAsync();
        vendorHttp.Dispose();
        if (ownsFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing connection: the temporary folder is left behind.
            }
        }
    }

    private static Dictionary<string, string?> Defaults(WorkflowEnvironment environment, string name, string folder)
    {
        var urls = environment.Emulator.VendorUrls;
        var emulator = environment.Emulator.Options;
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Orchestrator:Storage:ConnectionString"] = environment.StorageConnectionString,
            ["Orchestrator:Durable:DatabasePath"] = Path.Combine(folder, "durable.db"),
            ["Orchestrator:Durable:LeaseDuration"] = "00:00:02",
            ["Orchestrator:Durable:PollingInterval"] = "00:00:00.050",
            ["Orchestrator:Workflow:VideoContainerPrefix"] = AzuriteFixture.UniqueName("videos"),
            ["Orchestrator:Workflow:CostTable"] = AzuriteFixture.UniqueName("costs"),
            ["Orchestrator:Workflow:SubmissionTable"] = AzuriteFixture.UniqueName("submits"),
            ["Orchestrator:Workflow:WebhookDeliveryTable"] = AzuriteFixture.UniqueName("deliveries"),
            ["Orchestrator:Workflow:WebhookBaseUrl"] = new Uri(environment.WebhookBase, name + "/").AbsoluteUri,
            ["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:00:00.200",
            ["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:00:01",
            ["Orchestrator:Workflow:Policy:SubmitRetryDelay"] = "00:00:00.200",
            ["Orchestrator:Workflow:Policy:ReconcileDelay"] = "00:00:00.300",
            ["Orchestrator:Workflow:Policy:StoreRetryDelay"] = "00:00:00.200",
            ["Orchestrator:Routing:SunsetOverrides:0"] = "openai/sora-2",
            ["Orchestrator:Routing:SunsetOverrides:1"] = "openai/sora-2-pro",
            ["Orchestrator:Vendors:OpenAI:BaseUrl"] = urls["openai"],
            ["Orchestrator:Vendors:OpenAI:ApiKey"] = emulator.OpenAiApiKey,
            ["Orchestrator:Vendors:OpenAI:WebhookSecret"] = emulator.OpenAiWebhookSecret,
            ["Orchestrator:Vendors:Runway:BaseUrl"] = urls["runway"],
            ["Orchestrator:Vendors:Runway:ApiKey"] = emulator.RunwayApiKey,
            ["Orchestrator:Vendors:Fal:QueueUrl"] = urls["fal"],
            ["Orchestrator:Vendors:Fal:ApiKey"] = emulator.FalApiKey,
            ["Orchestrator:Vendors:Fal:JwksUrl"] = new Uri(environment.Emulator.BaseUrl, "fal/.well-known/jwks.json").AbsoluteUri,
            ["Orchestrator:Vendors:Luma:BaseUrl"] = urls["luma"],
            ["Orchestrator:Vendors:Luma:ApiKey"] = emulator.LumaApiKey,
            ["Orchestrator:Vendors:Byteplus:BaseUrl"] = urls["byteplus"],
            ["Orchestrator:Vendors:Byteplus:ApiKey"] = emulator.ByteplusApiKey,
            ["Orchestrator:Vendors:Kling:BaseUrl"] = urls["kling"],
            ["Orchestrator:Vendors:Kling:AccessKey"] = emulator.KlingAccessKey,
            ["Orchestrator:Vendors:Kling:SecretKey"] = emulator.KlingSecretKey,
            ["Orchestrator:Vendors:Callbacks:SigningSecret"] = CallbackSecret,
            ["Orchestrator:Vendors:Resilience:MaxRetries"] = "4",
            ["Orchestrator:Vendors:Resilience:BaseDelay"] = "00:00:00.010",
            ["Orchestrator:Vendors:Resilience:MaxDelay"] = "00:00:00.100",
            ["Orchestrator:Vendors:Resilience:MaxRetryAfter"] = "00:00:02",
            ["Orchestrator:Vendors:Resilience:AttemptTimeout"] = "00:00:10",
            ["Orchestrator:Vendors:Resilience:TotalTimeout"] = "00:01:00",
            ["Orchestrator:Vendors:Resilience:BreakerMinimumThroughput"] = 1000.ToString(CultureInfo.InvariantCulture),
        };
    }
}
