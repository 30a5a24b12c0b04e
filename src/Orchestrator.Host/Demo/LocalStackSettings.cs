using System.Globalization;
using Orchestrator.Emulator;

namespace Orchestrator.Host.Demo;

/// <summary>
/// The settings that run the host on a laptop stack: storage on an Azurite, every vendor adapter pointed at a running
/// emulator with the credentials it expects, webhooks back to the host, the engine on a SQLite file, and short waits.
/// The demo run uses them as they are; the end-to-end tests add their keys and overrides.
/// </summary>
public static class LocalStackSettings
{
    public static Dictionary<string, string?> For(string storageConnectionString, EmulatorServer emulator, Uri hostUrl, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(hostUrl);
        var urls = emulator.VendorUrls;
        var options = emulator.Options;
        var host = hostUrl.AbsoluteUri.TrimEnd('/');
        return new Dictionary<string, string?>
        {
            ["Orchestrator:Host:Urls"] = host,
            ["Orchestrator:Storage:ConnectionString"] = storageConnectionString,
            ["Orchestrator:Durable:DatabasePath"] = databasePath,
            ["Orchestrator:Workflow:WebhookBaseUrl"] = host + "/api/webhooks/",
            ["Orchestrator:Vendors:OpenAI:BaseUrl"] = urls["openai"],
            ["Orchestrator:Vendors:OpenAI:ApiKey"] = options.OpenAiApiKey,
            ["Orchestrator:Vendors:OpenAI:WebhookSecret"] = options.OpenAiWebhookSecret,
            ["Orchestrator:Vendors:Runway:BaseUrl"] = urls["runway"],
            ["Orchestrator:Vendors:Runway:ApiKey"] = options.RunwayApiKey,
            ["Orchestrator:Vendors:Runway:ApiVersion"] = options.RunwayVersion,
            ["Orchestrator:Vendors:Fal:QueueUrl"] = urls["fal"],
            ["Orchestrator:Vendors:Fal:ApiKey"] = options.FalApiKey,
            ["Orchestrator:Vendors:Fal:JwksUrl"] = new Uri(emulator.BaseUrl, "fal/.well-known/jwks.json").AbsoluteUri,
            ["Orchestrator:Vendors:Luma:BaseUrl"] = urls["luma"],
            ["Orchestrator:Vendors:Luma:ApiKey"] = options.LumaApiKey,
            ["Orchestrator:Vendors:Byteplus:BaseUrl"] = urls["byteplus"],
            ["Orchestrator:Vendors:Byteplus:ApiKey"] = options.ByteplusApiKey,
            ["Orchestrator:Vendors:Kling:BaseUrl"] = urls["kling"],
            ["Orchestrator:Vendors:Kling:AccessKey"] = options.KlingAccessKey,
            ["Orchestrator:Vendors:Kling:SecretKey"] = options.KlingSecretKey,
            ["Orchestrator:Vendors:OpenAIModeration:BaseUrl"] = urls["openai"],
            ["Orchestrator:Vendors:OpenAIModeration:ApiKey"] = options.OpenAiApiKey,
            ["Orchestrator:Vendors:AzureContentSafety:Endpoint"] = urls["azure-content-safety"],
            ["Orchestrator:Vendors:AzureContentSafety:ApiKey"] = options.AzureContentSafetyKey,
            ["Orchestrator:Vendors:Callbacks:SigningSecret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // A local vendor answers at once: retry quickly instead of waiting seconds between tries.
            ["Orchestrator:Vendors:Resilience:BaseDelay"] = "00:00:00.100",
            ["Orchestrator:Vendors:Resilience:MaxDelay"] = "00:00:01",
            // Emulated clips take seconds, not minutes: poll from 1 s, never wait more than 3 s (webhooks still wake jobs at once).
            ["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:00:01",
            ["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:00:03",
            ["Orchestrator:Workflow:Policy:SubmitRetryDelay"] = "00:00:01",
            ["Orchestrator:Workflow:Policy:ReconcileDelay"] = "00:00:01",
            ["Orchestrator:Workflow:Policy:StoreRetryDelay"] = "00:00:01",
            // Sora 2 is past its sunset date, but the emulator still serves it: re-enabled here so every vendor can be shown.
            ["Orchestrator:Routing:SunsetOverrides:0"] = "openai/sora-2",
            ["Orchestrator:BulkQueue:MaxPollInterval"] = "00:00:00.250",
            ["Orchestrator:Host:StatusRetryAfter"] = "00:00:01",
            ["Orchestrator:Durable:PollingInterval"] = TimeSpan.FromMilliseconds(100).ToString("c", CultureInfo.InvariantCulture),
        };
    }
}
