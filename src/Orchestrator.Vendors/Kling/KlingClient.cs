using System.Globalization;
using System.Net;
using System.Text.Json;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Kling;

/// <summary>
/// Kling's official API (known from third-party sources): POST {endpoint} with external_task_id = our submission key, GET
/// {endpoint}/{task_id or external_task_id}; the envelope {code, message, request_id, data{task_id, task_status
/// submitted|processing|succeed|failed, task_status_msg, task_result.videos[]}}. Every request carries a fresh HS256 JWT.
/// Submit is idempotent by external_task_id: retried like a read, and a refused duplicate resolves to the job that
/// exists. Kling documents no cancel. Callbacks are unsigned: our signed callback URL authenticates them.
/// </summary>
public sealed class KlingClient : VendorClient
{
    public const string VendorName = "kling";

    /// <summary>Kling deletes generated videos after 30 days.</summary>
    public static readonly TimeSpan OutputLifetime = TimeSpan.FromDays(30);

    private readonly KlingOptions options;
    private readonly TimeSpan callbackGrace;

    public KlingClient(VendorContext context, KlingOptions options, VendorResilienceOptions resilience, TimeSpan callbackGrace)
        : base(context, VendorName, VendorContract.KlingOfficial, new VendorCapabilities(SubmitIdempotency.ExternalId, SubmissionLookupKind.ByKey, WebhookScheme.SignedCallbackUrl, Cancel: false),
            resilience, new VendorRetryRules { IsRetryableThrottle = IsThrottleAsync })
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.callbackGrace = callbackGrace;
        Api = new VendorHttp(VendorName, context.Http, context.Pipelines, ParseError,
            request => request.Headers.Authorization = new("Bearer", KlingJwt.Create(options.AccessKey, options.SecretKey, context.Time.GetUtcNow(), options.TokenLifetime)));
    }

    private protected override VendorHttp Api { get; }

    public override async Task<SubmissionLookup> FindSubmittedAsync(SubmitRequest request, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await FindByExternalIdAsync(request, cancellationToken).ConfigureAwait(false);
        return new SubmissionLookup(found, true, found is null ? "no task has this external_task_id" : "found by external_task_id");
    }

    private protected override async Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken)
    {
        var answer = await GetTaskAsync(job.Endpoint, job.VendorJobId, cancellationToken).ConfigureAwait(false);
        return KnownStatusOf(Data(answer.Body), job.Model) with { PollAfter = RetryHints.PollAfter(answer.Headers) };
    }

    public override async Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var data = Data((await GetTaskAsync(job.Endpoint, job.VendorJobId, cancellationToken).ConfigureAwait(false)).Body);
        var status = KnownStatusOf(data, job.Model);
        var url = JsonRead.Array(data, "task_result", "videos").Select(video => JsonRead.String(video, "url")).FirstOrDefault();
        if (status.State != VendorJobState.Succeeded || url is null)
        {
            throw new InvalidOperationException($"Kling task {job.VendorJobId} is {status.RawStatus}: it has no video.");
        }
        return new VendorOutput(new Uri(url), "video/mp4", status.OutputExpiresAt, null, C2paExpected: false);
    }

    public override Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default) =>
        Task.FromResult(new VendorCancelResult(false, false, "unsupported", "Kling documents no cancel: the task runs to its end and is billed; stop polling it."));

    private protected override async Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = KlingRequests.Create(request, Context.SignedCallback(request, VendorName, callbackGrace));
        try
        {
            var answer = Succeeded(await Api.PostJsonAsync(VendorOperation.IdempotentSubmit, Url(Endpoint(request.Model.Endpoint)), body, cancellationToken).ConfigureAwait(false));
            return NewJob(request, JsonRead.String(Data(answer.Body), "task_id") ?? throw new VendorRequestException(VendorName, VendorErrorKind.Transient, "the task has no task_id", answer.Status));
        }
        catch (VendorRequestException exception) when (exception.Kind is VendorErrorKind.InvalidRequest or VendorErrorKind.Transient or VendorErrorKind.Timeout)
        {
            // A refused duplicate external_task_id (an earlier attempt got through) or a lost answer: the task may exist.
            if (await FindByExternalIdAsync(request, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }
            throw;
        }
    }

    private protected override VendorWebhookEvent ParseWebhook(JsonElement body, WebhookCheck check)
    {
        var data = JsonRead.Path(body, "data") ?? body;
        return new VendorWebhookEvent(VendorName, check.DeliveryId, JsonRead.String(data, "task_id"), check.SubmissionKey, JsonRead.String(data, "task_status") ?? "unknown", StatusOf(data, null));
    }

    private async Task<VendorJobRef?> FindByExternalIdAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var data = Data((await GetTaskAsync(request.Model.Endpoint, KlingRequests.ExternalTaskId(request.SubmissionKey), cancellationToken).ConfigureAwait(false)).Body);
            return JsonRead.String(data, "task_id") is { } id ? NewJob(request, id) : null;
        }
        catch (VendorRequestException exception) when (exception.Kind == VendorErrorKind.NotFound)
        {
            return null;
        }
    }

    private async Task<VendorJson> GetTaskAsync(string? endpoint, string id, CancellationToken cancellationToken) =>
        Succeeded(await Api.GetJsonAsync(Url($"{Endpoint(endpoint)}/{Uri.EscapeDataString(id)}"), cancellationToken).ConfigureAwait(false));

    /// <summary>The answer when its envelope says so: Kling answers some errors with a 2xx and a non-zero code, an error like any other.</summary>
    private static VendorJson Succeeded(VendorJson answer)
    {
        if (JsonRead.Int(answer.Body, "code") is { } code && code != 0)
        {
            var detail = ParseError(answer.Status, answer.Body);
            throw new VendorRequestException(VendorName, detail.Kind ?? VendorErrorKind.Transient, detail.Message, answer.Status, detail.Code);
        }
        return answer;
    }

    private static JsonElement Data(JsonElement envelope) => JsonRead.Path(envelope, "data") ?? throw new VendorRequestException(VendorName, VendorErrorKind.Transient, "the answer has no data");

    private VendorJobStatus KnownStatusOf(JsonElement data, string? requestedModel) =>
        StatusOf(data, requestedModel) ?? throw UnknownStatus(JsonRead.String(data, "task_status"));

    /// <summary>The task's status; null when its task_status is missing or unknown.</summary>
    private static VendorJobStatus? StatusOf(JsonElement data, string? requestedModel)
    {
        var raw = JsonRead.String(data, "task_status") ?? "unknown";
        VendorJobState? known = raw switch
        {
            "submitted" => VendorJobState.Queued,
            "processing" => VendorJobState.Running,
            "succeed" => VendorJobState.Succeeded,
            "failed" => VendorJobState.Failed,
            _ => null,
        };
        if (known is not { } state)
        {
            return null;
        }
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonRead.String(data, "final_unit_deduction") is { } units)
        {
            details["final_unit_deduction"] = units;
        }
        var video = JsonRead.Array(data, "task_result", "videos").FirstOrDefault();
        return new VendorJobStatus
        {
            State = state,
            RawStatus = raw,
            Failure = state == VendorJobState.Failed ? FailureClassifier.Classify(null, JsonRead.String(data, "task_status_msg")) : null,
            OutputExpiresAt = JsonRead.UnixMilliseconds(data, "created_at") is { } created && state == VendorJobState.Succeeded ? created + OutputLifetime : null,
            // Kling may fall back to a cheaper model; model_name in the task (unconfirmed) names the one that ran.
            Usage = new VendorUsage
            {
                Model = JsonRead.String(data, "model_name") ?? requestedModel,
                OutputSeconds = video.ValueKind == JsonValueKind.Object ? JsonRead.Decimal(video, "duration") : null,
                Clips = 1,
            },
            Details = details,
        };
    }

    private Uri Url(string relative) => new(options.BaseUrl, relative.TrimStart('/'));

    private static string Endpoint(string? endpoint) => endpoint ?? KlingRequests.DefaultEndpoint;

    /// <summary>Kling's 429 covers throttling (1302, 1303: retry) and account states (1100-1102, 1304: retrying cannot help).</summary>
    private static async ValueTask<bool> IsThrottleAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return JsonRead.Int(document.RootElement, "code") is null or 1302 or 1303;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>Kling's business codes (third-party tables): 1000-1004 auth, 1100-1103 and 1304 account, 1200-1201 parameters, 1202-1203 not found, 1300-1301 safety, 1302-1303 throttling, 5000-5002 server.</summary>
    private static VendorErrorDetail ParseError(HttpStatusCode status, JsonElement? body)
    {
        var code = body is { } json ? JsonRead.Int(json, "code") : null;
        var message = (body is { } text ? JsonRead.String(text, "message") : null) ?? ((int)status).ToString(CultureInfo.InvariantCulture);
        VendorErrorKind? kind = code switch
        {
            >= 1000 and <= 1004 => VendorErrorKind.Unauthorized,
            >= 1100 and <= 1103 or 1304 => VendorErrorKind.AccountLimit,
            1200 or 1201 => VendorErrorKind.InvalidRequest,
            1202 or 1203 => VendorErrorKind.NotFound,
            1300 or 1301 => VendorErrorKind.SafetyRefusal,
            1302 or 1303 => VendorErrorKind.Throttled,
            >= 5000 and <= 5002 => VendorErrorKind.Transient,
            _ => null,
        };
        return new VendorErrorDetail(code?.ToString(CultureInfo.InvariantCulture), message, kind);
    }
}
