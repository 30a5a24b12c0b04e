using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Emulator.Control;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Vendors;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator;

/// <summary>
/// The vendor emulator on real loopback HTTP (Kestrel): started standalone by Program, or in-process by tests and the
/// local host with <see cref="StartAsync"/> on a free port. Dispose it to stop it.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly WebhookDispatcher dispatcher;

    private EmulatorServer(WebApplication app, EmulatorContext context, WebhookDispatcher dispatcher)
    {
        this.app = app;
        Context = context;
        this.dispatcher = dispatcher;
    }

    public EmulatorContext Context { get; }

    public EmulatorOptions Options => Context.Options;

    public EmulatorState State => Context.State;

    public Uri BaseUrl => Context.BaseUrl;

    /// <summary>Each vendor's base URL on this emulator ("openai", "runway", "fal", "luma", "byteplus", "kling", "azure-content-safety").</summary>
    public IReadOnlyDictionary<string, string> VendorUrls => ControlEndpoints.Urls(BaseUrl);

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var context = new EmulatorContext(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        if (options.LogRequests)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true).AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information).SetMinimumLevel(LogLevel.Warning);
        }
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        var app = builder.Build();
        VendorEmulator[] vendors = [new OpenAiEmulator(context), new RunwayEmulator(context), new FalEmulator(context), new LumaEmulator(context), new ByteplusEmulator(context), new KlingEmulator(context)];
        foreach (var vendor in vendors)
        {
            vendor.Map(app);
        }
        FileEndpoints.Map(app, context);
        AzureContentSafetyEmulator.Map(app, context);
        ControlEndpoints.Map(app, context);
        await app.StartAsync(cancellationToken);
        context.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return new EmulatorServer(app, context, new WebhookDispatcher(context, vendors.ToDictionary(vendor => vendor.Vendor)));
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
