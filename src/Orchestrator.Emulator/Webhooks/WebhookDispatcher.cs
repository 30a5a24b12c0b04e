using System.Net.Http.Headers;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Vendors;

namespace Orchestrator.Emulator.Webhooks;

/// <summary>
/// Delivers the webhooks jobs are due, on the injected clock's timer: each vendor decides which phases it reports and
/// signs as it signs. Deliveries and the receiver's answers are kept for inspection. One attempt per phase.
/// </summary>
public sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly EmulatorContext context;
    private readonly IReadOnlyDictionary<string, VendorEmulator> vendors;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public WebhookDispatcher(EmulatorContext context, IReadOnlyDictionary<string, VendorEmulator> vendors)
    {
        this.context = context;
        this.vendors = vendors;
        loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        http.Dispose();
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(context.Options.WebhookScanInterval, context.Options.TimeProvider);
        while (await timer.WaitForNextTickAsync(stopping.Token))
        {
            foreach (var job in context.State.Jobs.ToList())
            {
                await DeliverDueAsync(job);
            }
        }
    }

    private async Task DeliverDueAsync(EmulatedJob job)
    {
        var phase = job.PhaseAt(context.Now);
        if (job.NotifiedPhase == phase || !job.Behavior.Webhooks || !vendors.TryGetValue(job.Vendor, out var vendor))
        {
            return;
        }
        job.NotifiedPhase = phase;
        if (vendor.WebhookFor(job, phase) is not { } message)
        {
            return;
        }
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(message.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in message.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await http.SendAsync(request, stopping.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            error = exception.Message;
        }
        context.State.Sent(new WebhookDelivery(job.Vendor, job.Id, phase.ToString(), message.Url, status, error, context.Now));
    }
}
