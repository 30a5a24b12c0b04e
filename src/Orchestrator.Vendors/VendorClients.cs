using Orchestrator.Core.Moderation;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Byteplus;
using Orchestrator.Vendors.Fal;
using Orchestrator.Vendors.Kling;
using Orchestrator.Vendors.Luma;
using Orchestrator.Vendors.Moderation;
using Orchestrator.Vendors.OpenAi;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Runway;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors;

/// <summary>
/// Every adapter, built once from <see cref="VendorsOptions"/>, sharing one HttpClient, one pipeline registry (whose
/// breakers are <see cref="Health"/>), one clock and one replay store. Pick the adapter with <see cref="For(RouteDefinition)"/>.
/// </summary>
public sealed class VendorClients : IDisposable
{
    private readonly Dictionary<VendorContract, IVideoVendorClient> clients;
    private readonly VendorPipelines pipelines;
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly VendorContext context;
    private readonly VendorsOptions options;

    public VendorClients(VendorsOptions options, TimeProvider? time = null, IWebhookReplayStore? replayStore = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        var clock = time ?? TimeProvider.System;
        ownsHttp = http is null;
        // Pooled connections are recycled so DNS changes are seen; the pipelines own all timeouts.
        this.http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        pipelines = new VendorPipelines(clock);
        var signer = string.IsNullOrEmpty(options.Callbacks.SigningSecret) ? null : new CallbackUrlSigner(options.Callbacks.SigningSecret, clock);
        context = new VendorContext(this.http, pipelines, clock, replayStore ?? new InMemoryWebhookReplayStore(clock), signer);
        var grace = options.Callbacks.Grace;
        clients = new IVideoVendorClient[]
        {
            new OpenAiVideosClient(context, options.OpenAI, options.OpenAI.Resilience ?? options.Resilience),
            new RunwayClient(context, options.Runway, options.Runway.Resilience ?? options.Resilience),
            new FalQueueClient(context, options.Fal, options.Fal.Resilience ?? options.Resilience, grace),
            new LumaClient(context, options.Luma, options.Luma.Resilience ?? options.Resilience, grace),
            new ByteplusArkClient(context, options.Byteplus, options.Byteplus.Resilience ?? options.Resilience, grace),
            new KlingClient(context, options.Kling, options.Kling.Resilience ?? options.Resilience, grace),
        }.ToDictionary(client => client.Contract);
    }

    /// <summary>The vendors' circuit states, for the router to skip a vendor that is down.</summary>
    public IVendorHealth Health => pipelines;

    public IReadOnlyCollection<IVideoVendorClient> All => clients.Values;

    public IVideoVendorClient For(VendorContract contract) => clients[contract];

    public IVideoVendorClient For(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return For(route.Contract);
    }

    /// <summary>The remote moderation service named by Orchestrator:Moderation:RemoteProvider ("", "openai", "azure-content-safety").</summary>
    public IRemoteModerationService? Moderation(string? provider) => provider switch
    {
        null or "" => null,
        OpenAiModerationService.ServiceName => new OpenAiModerationService(context, options.OpenAIModeration, options.Resilience),
        AzureContentSafetyService.ServiceName => new AzureContentSafetyService(context, options.AzureContentSafety, options.Resilience),
        _ => throw new ArgumentException($"Unknown remote moderation provider '{provider}' (use openai or azure-content-safety).", nameof(provider)),
    };

    public void Dispose()
    {
        pipelines.Dispose();
        if (ownsHttp)
        {
            http.Dispose();
        }
    }
}
