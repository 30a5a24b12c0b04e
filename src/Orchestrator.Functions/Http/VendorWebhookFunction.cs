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
/// POST /api/webhooks/{vendor}, where vendors call back (Orchestrator:Workflow:WebhookBaseUrl + vendor). Anonymous at the
/// platform: each call proves itself to the vendor's adapter (signature, age, signed callback URL, replay), and only then
/// is it raised on its job. Answers as the local host does: 202 when a job took it, 200 when none matched or the delivery
/// was already received (a duplicate: acknowledged so the vendor stops retrying, nothing raised), 401 for a forged,
/// badly signed, stale or expired call, 413 for a body no webhook has.
/// </summary>
public sealed partial class VendorWebhookFunction(ILogger<VendorWebhookFunction> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;

    [Function("VendorWebhook")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{vendor}")] HttpRequestData request,
        string vendor,
        [DurableClient] DurableTaskClient client,
        FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var body = await BoundedBody.ReadAsync(request.Body, MaxBodyBytes, function.CancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            return await HttpAnswers.WebhookTooLargeAsync(request, MaxBodyBytes);
        }
        var headers = request.Headers.Select(header => KeyValuePair.Create(header.Key, string.Join(",", header.Value)));
        var receiver = ActivatorUtilities.CreateInstance<VendorWebhookReceiver>(function.InstanceServices, FunctionJobs.For(function, client));
        var receipt = await receiver.ReceiveAsync(vendor, WebhookRequest.Create(request.Url, headers, body), function.CancellationToken);
        Log.Received(logger, vendor, receipt.Outcome, receipt.MatchedJob, receipt.Reason);
        return receipt.Outcome == WebhookOutcome.Rejected
            ? await HttpAnswers.WebhookRejectedAsync(request, vendor, receipt.Reason)
            : await HttpAnswers.JsonAsync(request, receipt.MatchedJob ? HttpStatusCode.Accepted : HttpStatusCode.OK, receipt);
    }

    private static partial class Log
    {
        // The outcome and the adapter's reason only: never headers, signatures or bodies.
        [LoggerMessage(1, LogLevel.Information, "Webhook from {Vendor}: {Outcome} (job found: {MatchedJob}): {Reason}")]
        public static partial void Received(ILogger logger, string vendor, WebhookOutcome outcome, bool matchedJob, string reason);
    }
}
