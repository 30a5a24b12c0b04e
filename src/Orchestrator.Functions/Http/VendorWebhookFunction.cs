using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// Where vendors call back (Orchestrator:Workflow:WebhookBaseUrl + vendor): anonymous at the platform, because each call
/// proves itself to the vendor's adapter (Standard Webhooks or Ed25519 signatures, or our signed callback URL); a verified
/// call is raised on its job as a hint to poll now. 401 for a forged or stale call, 200 otherwise.
/// </summary>
public sealed partial class VendorWebhookFunction(ILogger<VendorWebhookFunction> logger)
{
    /// <summary>Webhook bodies are small JSON documents; anything larger is refused unread.</summary>
    private const int MaxBodyBytes = 1 << 20;

    [Function("VendorWebhook")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{vendor}")] HttpRequestData request,
        string vendor,
        [DurableClient] DurableTaskClient client,
        FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var body = await ReadBodyAsync(request.Body, function.CancellationToken);
        if (body is null)
        {
            return await ProblemResponses.WebhookRejectedAsync(request, vendor, $"the body is larger than {MaxBodyBytes} bytes");
        }
        var headers = request.Headers.Select(header => KeyValuePair.Create(header.Key, string.Join(",", header.Value)));
        var receiver = ActivatorUtilities.CreateInstance<VendorWebhookReceiver>(function.InstanceServices, FunctionJobs.For(function, client));
        var receipt = await receiver.ReceiveAsync(vendor, WebhookRequest.Create(request.Url, headers, body), function.CancellationToken);
        Log.Received(logger, vendor, receipt.Outcome, receipt.MatchedJob, receipt.Reason);
        return receipt.Outcome == WebhookOutcome.Rejected
            ? await ProblemResponses.WebhookRejectedAsync(request, vendor, receipt.Reason)
            : request.CreateResponse(HttpStatusCode.OK);
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > MaxBodyBytes)
            {
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Webhook from {Vendor}: {Outcome} (matched a job: {MatchedJob}): {Reason}")]
        public static partial void Received(ILogger logger, string vendor, WebhookOutcome outcome, bool matchedJob, string reason);
    }
}
