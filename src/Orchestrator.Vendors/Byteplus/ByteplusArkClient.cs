using System.Net;
using System.Text.Json;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Byteplus;

/// <summary>
/// BytePlus ModelArk (official Seedance): POST /contents/generations/tasks -> {id}; GET .../tasks/{id} (queued, running,
/// succeeded, failed, cancelled, expired; error{code,message}; content.video_url about 24 h; usage tokens); DELETE
/// cancels a queued task; GET .../tasks (paged) for lookups, matched by the signed callback URL (its echo in the listing
/// is unconfirmed). Callbacks are unsigned:
/// our signed callback URL authenticates them.
/// </summary>
public sealed class ByteplusArkClient : VendorClient
{
    public const string VendorName = "byteplus";
    public static readonly TimeSpan OutputLifetime = TimeSpan.FromHours(24);
    private readonly ByteplusOptions options;
    private readonly TimeSpan callbackGrace;

    public ByteplusArkClient(VendorContext context, ByteplusOptions options, VendorResilienceOptions resilience, TimeSpan callbackGrace)
        : base(context, VendorName, VendorContract.ByteplusArk, new VendorCapabilities(SubmitIdempotency.None, SubmissionLookupKind.ByCallbackUrl, WebhookScheme.SignedCallbackUrl, Cancel: true), resilience)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.callbackGrace = callbackGrace;
        Api = new VendorHttp(VendorName, context.Http, context.Pipelines, ParseError, request => request.Headers.Authorization = new("Bearer", options.ApiKey));
    }

    private protected override VendorHttp Api { get; }

    public override async Task<SubmissionLookup> FindSubmittedAsync(SubmitRequest request, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.WebhookUrl is null)
        {
            return new SubmissionLookup(null, false, "no callback URL was sent, so nothing of ours is in Ark's listing");
        }
        var page = await Api.GetJsonAsync(Url($"contents/generations/tasks?page_num=1&page_size=100&filter.model={Uri.EscapeDataString(request.Model.Model)}"), cancellationToken).ConfigureAwait(false);
        var tasks = JsonRead.Array(page.Body, "items").ToList();
        var match = tasks.FirstOrDefault(task => CallbackUrlSigner.KeyOf(JsonRead.String(task, "callback_url")) == request.SubmissionKey);
        if (match.ValueKind == JsonValueKind.Object)
        {
            return new SubmissionLookup(NewJob(request, JsonRead.String(match, "id")!), true, "found by the submission key in the echoed callback URL");
        }
        var reachedIntent = tasks.Count < 100 || tasks.Any(task => JsonRead.UnixSeconds(task, "created_at") < notBefore - TimeSpan.FromMinutes(2));
        return new SubmissionLookup(null, reachedIntent, reachedIntent ? "no task since the intent carries the submission key" : "more than 100 tasks since the intent: not conclusive");
    }

    private protected override async Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken)
    {
        var answer = await Api.GetJsonAsync(TaskUrl(job), cancellationToken).ConfigureAwait(false);
        return KnownStatusOf(answer.Body) with { PollAfter = RetryHints.PollAfter(answer.Headers) };
    }

    public override async Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answer = await Api.GetJsonAsync(TaskUrl(job), cancellationToken).ConfigureAwait(false);
        var status = KnownStatusOf(answer.Body);
        var url = JsonRead.String(answer.Body, "content", "video_url");
        if (status.State is not (VendorJobState.Succeeded or VendorJobState.Expired) || url is null)
        {
            throw new InvalidOperationException($"Ark task {job.VendorJobId} is {status.RawStatus}: it has no video.");
        }
        return new VendorOutput(new Uri(url), "video/mp4", status.OutputExpiresAt, null, C2paExpected: false);
    }

    public override async Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            return new VendorCancelResult(true, true, await Api.DeleteAsync(TaskUrl(job), cancellationToken).ConfigureAwait(false), "DELETE cancels a queued task (and deletes a finished one's record).");
        }
        catch (VendorRequestException exception) when (exception.Kind == VendorErrorKind.InvalidRequest)
        {
            return new VendorCancelResult(true, false, exception.VendorCode ?? "refused", $"Ark cancels only queued tasks: {exception.VendorMessage}");
        }
    }

    private protected override async Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = ByteplusRequests.Create(request, Context.SignedCallback(request, VendorName, callbackGrace));
        var endpoint = (request.Model.Endpoint ?? "/contents/generations/tasks").TrimStart('/');
        var answer = await Api.PostJsonAsync(VendorOperation.Submit, Url(endpoint), body, cancellationToken).ConfigureAwait(false);
        return NewJob(request, Api.Required(answer, "task id", "id"));
    }

    private protected override VendorWebhookEvent ParseWebhook(JsonElement body, WebhookCheck check) =>
        new(VendorName, check.DeliveryId, JsonRead.String(body, "id"), check.SubmissionKey, JsonRead.String(body, "status") ?? "unknown", StatusOf(body));

    private VendorJobStatus KnownStatusOf(JsonElement task) => StatusOf(task) ?? throw UnknownStatus(JsonRead.String(task, "status"));

    /// <summary>The task's status; null when its status is missing or unknown.</summary>
    private static VendorJobStatus? StatusOf(JsonElement task)
    {
        var raw = JsonRead.String(task, "status") ?? "unknown";
        VendorJobState? known = raw switch
        {
            "queued" => VendorJobState.Queued,
            "running" => VendorJobState.Running,
            "succeeded" => VendorJobState.Succeeded,
            "failed" => VendorJobState.Failed,
            "cancelled" => VendorJobState.Canceled,
            "expired" => VendorJobState.Expired,
            _ => null,
        };
        if (known is not { } state)
        {
            return null;
        }
        return new VendorJobStatus
        {
            State = state,
            RawStatus = raw,
            Failure = state == VendorJobState.Failed ? FailureClassifier.Classify(JsonRead.String(task, "error", "code"), JsonRead.String(task, "error", "message")) : null,
            OutputExpiresAt = JsonRead.UnixSeconds(task, "updated_at") is { } updated && state == VendorJobState.Succeeded ? updated + OutputLifetime : null,
            Usage = new VendorUsage
            {
                Model = JsonRead.String(task, "model"),
                OutputSeconds = JsonRead.Decimal(task, "duration"),
                Tokens = JsonRead.Decimal(task, "usage", "total_tokens"),
                Clips = 1,
            },
        };
    }

    private Uri TaskUrl(VendorJobRef job) => Url($"contents/generations/tasks/{Uri.EscapeDataString(job.VendorJobId)}");

    private Uri Url(string relative) => new(options.BaseUrl, relative);

    private static VendorErrorDetail ParseError(HttpStatusCode status, JsonElement? body)
    {
        var error = ErrorBodies.ErrorObject(status, body);
        return error.Code is not null && error.Code.Contains("Sensitive", StringComparison.Ordinal) ? error with { Kind = VendorErrorKind.SafetyRefusal } : error;
    }
}
