using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Vendors.Resilience;

namespace Orchestrator.Vendors.Tests.Support;

/// <summary>
/// One real emulator (Kestrel on a free loopback port) per test class, adapters configured against it with short
/// back-off delays, and the control API. Tests isolate themselves by a unique marker in their prompts.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string CallbackSecret = "test-callback-signing-secret-0123456789";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private EmulatorServer? server;

    public EmulatorServer Server => server ?? throw new InvalidOperationException("The emulator is not started.");

    public HttpClient Control { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Fast policy: real retries and waits, short delays; a breaker that only a test meaning to open it will open.</summary>
    public static VendorResilienceOptions FastResilience { get; } = new()
    {
        MaxRetries = 4,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryAfter = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(60),
        BreakerMinimumThroughput = 1000,
    };

    public async Task InitializeAsync()
    {
        server = await EmulatorServer.StartAsync();
        Control.BaseAddress = new Uri(server.BaseUrl, "_emulator/");
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Adapter settings pointing every vendor at this emulator with its credentials.</summary>
    public VendorsOptions Options(VendorResilienceOptions? resilience = null, string? falPublicKey = null, bool falJwks = true)
    {
        var urls = Server.VendorUrls;
        var emulator = Server.Options;
        return new VendorsOptions
        {
            OpenAI = new OpenAiVideosOptions { BaseUrl = new Uri(urls["openai"]), ApiKey = emulator.OpenAiApiKey, WebhookSecret = emulator.OpenAiWebhookSecret },
            Runway = new RunwayOptions { BaseUrl = new Uri(urls["runway"]), ApiKey = emulator.RunwayApiKey },
            Fal = new FalOptions
            {
                QueueUrl = new Uri(urls["fal"]),
                ApiKey = emulator.FalApiKey,
                JwksUrl = falJwks ? new Uri(Server.BaseUrl, "fal/.well-known/jwks.json") : null,
                PublicKeys = falPublicKey is null ? [] : [falPublicKey],
            },
            Luma = new LumaOptions { BaseUrl = new Uri(urls["luma"]), ApiKey = emulator.LumaApiKey },
            Byteplus = new ByteplusOptions { BaseUrl = new Uri(urls["byteplus"]), ApiKey = emulator.ByteplusApiKey },
            Kling = new KlingOptions { BaseUrl = new Uri(urls["kling"]), AccessKey = emulator.KlingAccessKey, SecretKey = emulator.KlingSecretKey },
            OpenAIModeration = new OpenAiModerationOptions { BaseUrl = new Uri(urls["openai"]), ApiKey = emulator.OpenAiApiKey },
            AzureContentSafety = new AzureContentSafetyOptions { Endpoint = new Uri(urls["azure-content-safety"]), ApiKey = emulator.AzureContentSafetyKey },
            Callbacks = new CallbackOptions { SigningSecret = CallbackSecret },
            Resilience = resilience ?? FastResilience,
        };
    }

    public VendorClients Clients(VendorResilienceOptions? resilience = null, TimeProvider? time = null) => new(Options(resilience), time);

    /// <summary>Where signed callbacks go: the emulator's own inbox, which records them.</summary>
    public Uri Inbox(string box) => new(Server.BaseUrl, $"_emulator/inbox/{box}");

    public async Task ScriptAsync(ScriptRule rule) => (await Control.PostAsJsonAsync("scripts", rule, Json)).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<JobView>> JobsAsync(string? marker = null)
    {
        var jobs = await Control.GetFromJsonAsync<List<JobView>>("jobs", Json) ?? [];
        return [.. jobs.Where(job => marker is null || job.Prompt.Contains(marker, StringComparison.Ordinal))];
    }

    public async Task<IReadOnlyDictionary<string, int>> SubmissionsAsync() => await Control.GetFromJsonAsync<Dictionary<string, int>>("submissions", Json) ?? [];

    public async Task<IReadOnlyList<InboxDelivery>> InboxAsync(string box) => await Control.GetFromJsonAsync<List<InboxDelivery>>($"inbox?box={box}", Json) ?? [];
}

/// <summary>A job as the inspection API shows it.</summary>
public sealed record JobView(string Vendor, string Id, string Path, string Model, string Prompt, int Seconds, string? SubmissionKey, string? CallbackUrl, string Phase,
    int CancelRequests, int Requests, bool Deleted, JsonElement Body);
