using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Host.Problems;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Webhooks;

/// <summary>
/// POST /api/webhooks/{vendor}: where vendors call back (the workflow sends "{WebhookBaseUrl}{vendor}" with each submit;
/// OpenAI's project-level endpoint is set to ".../openai"). The vendor's adapter verifies the call (signature, age, signed
/// callback URL, replay); only then is the event raised on its job. A verified delivery already received is acknowledged
/// (200, outcome "duplicate") and raises nothing, so a vendor retrying after a lost 2xx stops; forged, badly signed,
/// stale and expired calls get a 401 problem and raise nothing. No key is needed: the signature is the proof.
/// </summary>
public static partial class WebhookEndpoints
{
    /// <summary>Vendors' webhook bodies are small JSON documents; anything larger is not one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/{vendor}", ReceiveAsync).AllowAnonymous().WithTags("Vendor webhooks").WithName("VendorWebhook")
            .WithSummary("A vendor's callback, verified by the vendor's adapter before its job hears of it.");

    private static async Task<Results<Ok<WebhookReceipt>, Accepted<WebhookReceipt>, ProblemHttpResult>> ReceiveAsync(
        string vendor, HttpRequest http, VendorWebhookReceiver receiver, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints));
        var body = await ReadAsync(http, ct);
        if (body is not { } bytes)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ApiProblems.WebhookRejectedType, "Webhook too large",
                $"A webhook body is at most {MaxBodyBytes} bytes.");
        }
        var headers = http.Headers.Select(header => new KeyValuePair<string, string>(header.Key, header.Value.ToString()));
        var receipt = await receiver.ReceiveAsync(vendor, WebhookRequest.Create(new Uri(http.GetEncodedUrl()), headers, bytes), ct);
        Log.Received(logger, vendor, receipt.Outcome, receipt.MatchedJob, receipt.Reason);
        return receipt.Outcome switch
        {
            WebhookOutcome.Rejected => ApiProblems.WebhookRejected(vendor, receipt.Reason),
            _ when receipt.MatchedJob => TypedResults.Accepted((string?)null, receipt),
            // No job matched, or the delivery was already received (the first one was acted on): acknowledged, nothing done.
            _ => TypedResults.Ok(receipt),
        };
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxBodyBytes"/> (refused by its length when it states one).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        if (http.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        var body = await JsonBody.ReadAsync(http, MaxBodyBytes + 1, ct);
        return body.Length > MaxBodyBytes ? null : body;
    }

    private static partial class Log
    {
        // The outcome and the adapter's reason only: never headers, signatures or bodies.
        [LoggerMessage(20, LogLevel.Information, "Webhook from {Vendor}: {Outcome} (job found: {MatchedJob}): {Reason}")]
        public static partial void Received(ILogger logger, string vendor, WebhookOutcome outcome, bool matchedJob, string reason);
    }
}
