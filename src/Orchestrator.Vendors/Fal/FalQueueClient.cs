using System.Globalization;
using System.Net;
using System.Text.Json;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Fal;

/// <summary>
/// The fal.ai queue (Kling 3.0, Seedance 2.0, Pika): POST {queue}/{app path}?fal_webhook=..., then the status, response
/// and cancel URLs fal returns (never built by hand: they drop the app's subpath). Status IN_QUEUE (+queue_position),
/// IN_PROGRESS, COMPLETED (+error, error_type). A 504 with X-Fal-Request-Timeout-Type: user is our own deadline and is
/// not retried. Webhooks are Ed25519-signed; the callback URL also carries our signed submission key.
/// </summary>
public sealed class FalQueueClient : VendorClient
{
    public const string VendorName = "fal";
    private readonly FalOptions options;
    private readonly FalWebhookVerifier verifier;
    private readonly TimeSpan callbackGrace;

    public FalQueueClient(VendorContext context, FalOptions options, VendorResilienceOptions resilience, TimeSpan callbackGrace)
        : base(context, VendorName, VendorContract.FalQueue, new VendorCapabilities(SubmitIdempotency.None, SubmissionLookupKind.None, WebhookScheme.FalEd25519, Cancel: true),
            resilience, new VendorRetryRules { IsVendorFault = (status, headers) => !IsUserTimeout(status, headers) })
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.callbackGrace = callbackGrace;
        Api = new VendorHttp(VendorName, context.Http, context.Pipelines, ParseError, request => request.Headers.Authorization = new("Key", options.ApiKey));
        verifier = new FalWebhookVerifier(context.Http, options, context.Time);
    }

    private protected override VendorHttp Api { get; }

    public static bool IsUserTimeout(HttpStatusCode status, System.Net.Http.Headers.HttpResponseHeaders headers) =>
        status == HttpStatusCode.GatewayTimeout && headers.TryGetValues("X-Fal-Request-Timeout-Type", out var values) && values.Contains("user", StringComparer.OrdinalIgnoreCase);

    private protected override async Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken)
    {
        var statusUrl = Required(job.StatusUrl, "status_url");
        var url = new Uri(statusUrl.AbsoluteUri + (statusUrl.Query.Length == 0 ? "?logs=1" : "&logs=1"));
        var answer = await Api.GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
        var raw = JsonRead.String(answer.Body, "status") ?? "unknown";
        var error = JsonRead.String(answer.Body, "error");
        var errorType = JsonRead.String(answer.Body, "error_type");
        var state = raw switch
        {
            "IN_QUEUE" => VendorJobState.Queued,
            "IN_PROGRESS" => VendorJobState.Running,
            "COMPLETED" when error is null && errorType is null => VendorJobState.Succeeded,
            "COMPLETED" when $"{errorType} {error}".Contains("cancel", StringComparison.OrdinalIgnoreCase) => VendorJobState.Canceled,
            "COMPLETED" => VendorJobState.Failed,
            _ => throw UnknownStatus(raw),
        };
        return new VendorJobStatus
        {
            State = state,
            RawStatus = raw,
            QueuePosition = JsonRead.Int(answer.Body, "queue_position"),
            Failure = state == VendorJobState.Failed ? FailureOf(errorType, error) : null,
            PollAfter = RetryHints.PollAfter(answer.Headers),
            Usage = new VendorUsage { Model = job.Model, Clips = 1 },
        };
    }

    public override async Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answer = await Api.GetJsonAsync(Required(job.ResponseUrl, "response_url"), cancellationToken).ConfigureAwait(false);
        var url = JsonRead.String(answer.Body, "video", "url") ?? throw new VendorRequestException(VendorName, VendorErrorKind.Transient, $"the result of {job.VendorJobId} has no video.url", answer.Status);
        return new VendorOutput(new Uri(url), JsonRead.String(answer.Body, "video", "content_type") ?? "video/mp4", null, JsonRead.Long(answer.Body, "video", "file_size"), C2paExpected: false);
    }

    public override async Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            var answer = await Api.SendJsonAsync(VendorOperation.Read, () => new HttpRequestMessage(HttpMethod.Put, Required(job.CancelUrl, "cancel_url")), cancellationToken).ConfigureAwait(false);
            var raw = JsonRead.String(answer.Body, "status") ?? "CANCELLATION_REQUESTED";
            return new VendorCancelResult(true, raw == "CANCELLATION_REQUESTED", raw, "fal stops a queued request; one already running may finish and be billed.");
        }
        catch (VendorRequestException exception) when (exception.Kind is VendorErrorKind.InvalidRequest or VendorErrorKind.NotFound)
        {
            return new VendorCancelResult(true, false, exception.VendorCode ?? "ALREADY_COMPLETED", exception.VendorMessage);
        }
    }

    private protected override async Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = FalRequests.Create(request);
        var callback = Context.SignedCallback(request, VendorName, callbackGrace);
        var url = new Uri(options.QueueUrl, request.Model.Model + (callback is null ? string.Empty : "?fal_webhook=" + Uri.EscapeDataString(callback.AbsoluteUri)));
        var answer = await Api.PostJsonAsync(VendorOperation.Submit, url, body, cancellationToken).ConfigureAwait(false);
        return NewJob(request, Api.Required(answer, "request_id", "request_id")) with
        {
            StatusUrl = UrlOf(answer.Body, "status_url"),
            ResponseUrl = UrlOf(answer.Body, "response_url"),
            CancelUrl = UrlOf(answer.Body, "cancel_url"),
        };
    }

    private protected override async Task<WebhookCheck> AuthenticateAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var rejection = await verifier.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        return rejection is null
            ? new WebhookCheck(null, $"{request.Header("X-Fal-Webhook-Request-Id")}:{request.Header("X-Fal-Webhook-Timestamp")}", Time.GetUtcNow() + (2 * FalWebhookVerifier.Tolerance), SignedCallbackKey(request))
            : WebhookCheck.Reject(rejection);
    }

    private protected override VendorWebhookEvent ParseWebhook(JsonElement body, WebhookCheck check)
    {
        var raw = JsonRead.String(body, "status") ?? "unknown";
        var errorType = JsonRead.Array(body, "payload", "detail").Select(detail => JsonRead.String(detail, "type")).FirstOrDefault(type => type is not null);
        VendorJobStatus? status = raw switch
        {
            "OK" => new VendorJobStatus { State = VendorJobState.Succeeded, RawStatus = raw },
            "ERROR" => new VendorJobStatus { State = VendorJobState.Failed, RawStatus = raw, Failure = FailureOf(errorType, JsonRead.String(body, "error")) },
            _ => null,
        };
        return new VendorWebhookEvent(VendorName, check.DeliveryId, JsonRead.String(body, "request_id"), check.SubmissionKey, raw, status);
    }

    /// <summary>fal's error types: content_policy_violation is a refusal; validation types the input; timeouts and runner errors fal's fault.</summary>
    public static VendorFailure FailureOf(string? errorType, string? message)
    {
        var kind = errorType switch
        {
            "content_policy_violation" => FailureKind.SafetyRefusal,
            "request_timeout" or "startup_timeout" or "internal_server_error" => FailureKind.VendorFault,
            not null when errorType.StartsWith("runner_", StringComparison.Ordinal) => FailureKind.VendorFault,
            _ => FailureClassifier.Classify(errorType, message).Kind,
        };
        return new VendorFailure(kind, errorType, message ?? errorType ?? "failed");
    }

    private static Uri UrlOf(JsonElement body, string name) =>
        JsonRead.String(body, name) is { } url ? new Uri(url) : throw new VendorRequestException(VendorName, VendorErrorKind.Transient, $"the queue answer has no {name}");

    private static Uri Required(Uri? url, string name) => url ?? throw new InvalidOperationException($"The fal job has no {name}: keep the URLs the submit returned.");

    private static VendorErrorDetail ParseError(HttpStatusCode status, JsonElement? body)
    {
        if (body is not { } json)
        {
            return new VendorErrorDetail(null, ((int)status).ToString(CultureInfo.InvariantCulture));
        }
        var detail = JsonRead.Path(json, "detail");
        if (detail is { ValueKind: JsonValueKind.Array } list)
        {
            var first = list.EnumerateArray().FirstOrDefault();
            var type = first.ValueKind == JsonValueKind.Object ? JsonRead.String(first, "type") : null;
            var message = first.ValueKind == JsonValueKind.Object ? JsonRead.String(first, "msg") : null;
            return new VendorErrorDetail(type, message ?? "validation failed", type == "content_policy_violation" ? VendorErrorKind.SafetyRefusal : null);
        }
        var errorType = JsonRead.String(json, "error_type") ?? JsonRead.String(json, "status");
        return new VendorErrorDetail(errorType, JsonRead.String(json, "detail") ?? errorType ?? ((int)status).ToString(CultureInfo.InvariantCulture));
    }
}
