using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests.Support;

/// <summary>
/// What every workflow test class shares: real Azurite (one per test process), the real vendor emulator on a free
/// loopback port (scripted and inspected over its HTTP control API), and a webhook receiver on another free port that
/// hands each call to its host's <see cref="VendorWebhookReceiver"/> (".../hooks/{host}/{vendor}"), as the local host will.
/// </summary>
public sealed class WorkflowEnvironment : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private readonly AzuriteFixture azurite = new();
    private readonly ConcurrentDictionary<string, VendorWebhookReceiver> receivers = new(StringComparer.Ordinal);
    private EmulatorServer? emulator;
    private WebApplication? webhooks;

    public EmulatorServer Emulator => emulator ?? throw new InvalidOperationException("Not started.");

    public string StorageConnectionString => azurite.ConnectionString;

    public Uri WebhookBase { get; private set; } = null!;

    public HttpClient Control { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        emulator = await EmulatorServer.StartAsync();
        Control.BaseAddress = new Uri(emulator.BaseUrl, "_emulator/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        webhooks = builder.Build();
        webhooks.MapPost("/hooks/{host}/{vendor}", ReceiveAsync);
        await webhooks.StartAsync();
        WebhookBase = new Uri(webhooks.Urls.First().TrimEnd('/') + "/hooks/");
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        if (webhooks is not null)
        {
            await webhooks.DisposeAsync();
        }
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }
        await azurite.DisposeAsync();
    }

    /// <summary>Starts a workflow host (its own engine, tables and containers) against this environment.</summary>
    public async Task<WorkflowHost> StartHostAsync(Action<IDictionary<string, string?>>? configure = null, WorkflowHost? sameStoreAs = null)
    {
        var host = await WorkflowHost.StartAsync(this, configure, sameStoreAs);
        receivers[host.Name] = host.Receiver;
        return host;
    }

    public async Task ScriptAsync(ScriptRule rule) => (await Control.PostAsJsonAsync("scripts", rule, Json)).EnsureSuccessStatusCode();

    /// <summary>The emulator's jobs whose prompt carries <paramref name="marker"/>.</summary>
    public async Task<IReadOnlyList<EmulatedJobView>> JobsAsync(string marker)
    {
        var jobs = await Control.GetFromJsonAsync<List<EmulatedJobView>>("jobs", Json) ?? [];
        return [.. jobs.Where(job => job.Prompt.Contains(marker, StringComparison.Ordinal))];
    }

    /// <summary>Points OpenAI's project-level webhook endpoint at a host.</summary>
    public async Task UseOpenAiWebhooksOfAsync(WorkflowHost host) =>
        (await Control.PutAsJsonAsync("openai/webhook-endpoint", new { url = new Uri(host.WebhookBase, "openai").AbsoluteUri }, Json)).EnsureSuccessStatusCode();

    private async Task<IResult> ReceiveAsync(HttpContext http, string host, string vendor)
    {
        if (!receivers.TryGetValue(host, out var receiver))
        {
            return Results.NotFound();
        }
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var url = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}");
        var headers = http.Request.Headers.Select(header => new KeyValuePair<string, string>(header.Key, header.Value.ToString()));
        var receipt = await receiver.ReceiveAsync(vendor, WebhookRequest.Create(url, headers, body.ToArray()), http.RequestAborted);
        return receipt.Outcome == WebhookOutcome.Rejected ? Results.Unauthorized() : Results.Ok(receipt);
    }
}

/// <summary>A job as the emulator's inspection API shows it.</summary>
public sealed record EmulatedJobView(string Vendor, string Id, string Model, string Prompt, int Seconds, string? SubmissionKey, string? CallbackUrl, string Phase, int CancelRequests, int Requests);
