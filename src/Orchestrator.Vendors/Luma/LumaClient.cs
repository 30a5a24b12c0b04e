using System.Globalization;
using System.Net;
using System.Text.Json;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Luma;

/// <summary>
/// Luma Dream Machine: POST /generations/video -> 201 Generation; GET /generations/{id} (state queued, dreaming,
/// completed, failed; failure_reason; assets.video); DELETE /generations/{id}; GET /generations for lookups, matched by
/// the signed callback URL echoed in each generation's request. Callbacks POST the whole Generation on every state
/// change, unsigned: our signed callback URL authenticates them.
/// </summary>
public sealed class LumaClient : VendorClient
{
    public const string VendorName = "luma";
    private readonly LumaOptions options;
    private readonly TimeSpan callbackGrace;

    public LumaClient(VendorContext context, LumaOptions options, VendorResilienceOptions resilience, TimeSpan callbackGrace)
        : base(context, VendorName, VendorContract.Luma, new VendorCapabilities(SubmitIdempotency.None, SubmissionLookupKind.ByCallbackUrl, WebhookScheme.SignedCallbackUrl, Cancel: true), resilience)
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
            return new SubmissionLookup(null, false, "no callback URL was sent, so nothing of ours is in Luma's listing");
        }
        for (var offset = 0; offset < 1000; offset += 100)
        {
            var page = await Api.GetJsonAsync(Url($"generations?limit=100&offset={offset}"), cancellationToken).ConfigureAwait(false);
            var generations = JsonRead.Array(page.Body, "generations").ToList();
            foreach (var generation in generations)
            {
                if (CallbackUrlSigner.KeyOf(JsonRead.String(generation, "request", "callback_url")) == request.SubmissionKey)
                {
                    return new SubmissionLookup(NewJob(request, JsonRead.String(generation, "id")!), true, "found by the submission key in the echoed callback URL");
                }
                if (JsonRead.Iso(generation, "created_at") is { } created && created < notBefore - TimeSpan.FromMinutes(2))
                {
                    return new SubmissionLookup(null, true, "no generation since the intent carries the submission key");
                }
            }
            if (generations.Count == 0 || JsonRead.Path(page.Body, "has_more") is { ValueKind: JsonValueKind.False })
            {
                return new SubmissionLookup(null, true, "no generation carries the submission key");
            }
        }
        return new SubmissionLookup(null, false, "gave up after 1000 generations");
    }

    private protected override async Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken)
    {
        var answer = await Api.GetJsonAsync(GenerationUrl(job), cancellationToken).ConfigureAwait(false);
        return (StatusOf(answer.Body) ?? throw UnknownStatus(JsonRead.String(answer.Body, "state"))) with { PollAfter = RetryHints.PollAfter(answer.Headers) };
    }

    public override async Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answer = await Api.GetJsonAsync(GenerationUrl(job), cancellationToken).ConfigureAwait(false);
        var url = JsonRead.String(answer.Body, "assets", "video");
        if (JsonRead.String(answer.Body, "state") != "completed" || url is null)
        {
            throw new InvalidOperationException($"Luma generation {job.VendorJobId} is {JsonRead.String(answer.Body, "state")}: it has no video.");
        }
        return new VendorOutput(new Uri(url), "video/mp4", null, null, C2paExpected: false);
    }

    public override async Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new VendorCancelResult(true, true, await Api.DeleteAsync(GenerationUrl(job), cancellationToken).ConfigureAwait(false), "DELETE /generations/{id} removes the generation.");
    }

    private protected override async Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = LumaRequests.Create(request, Context.SignedCallback(request, VendorName, callbackGrace));
        var endpoint = (request.Model.Endpoint ?? "/generations/video").TrimStart('/');
        var answer = await Api.PostJsonAsync(VendorOperation.Submit, Url(endpoint), body, cancellationToken).ConfigureAwait(false);
        return NewJob(request, Api.Required(answer, "generation id", "id"));
    }

    private protected override VendorWebhookEvent ParseWebhook(JsonElement body, WebhookCheck check) =>
        new(VendorName, check.DeliveryId, JsonRead.String(body, "id"), check.SubmissionKey, JsonRead.String(body, "state") ?? "unknown", StatusOf(body));

    /// <summary>The generation's status; null when its state is missing or unknown.</summary>
    private static VendorJobStatus? StatusOf(JsonElement generation)
    {
        var raw = JsonRead.String(generation, "state") ?? "unknown";
        VendorJobState? known = raw switch
        {
            "queued" => VendorJobState.Queued,
            "dreaming" => VendorJobState.Running,
            "completed" => VendorJobState.Succeeded,
            "failed" => VendorJobState.Failed,
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
            Failure = state == VendorJobState.Failed ? FailureClassifier.Classify(null, JsonRead.String(generation, "failure_reason")) : null,
            Usage = new VendorUsage
            {
                Model = JsonRead.String(generation, "model") ?? JsonRead.String(generation, "request", "model"),
                OutputSeconds = JsonRead.Decimal(generation, "request", "duration"),
                Clips = 1,
            },
        };
    }

    private Uri GenerationUrl(VendorJobRef job) => Url($"generations/{Uri.EscapeDataString(job.VendorJobId)}");

    private Uri Url(string relative) => new(options.BaseUrl, relative);

    private static VendorErrorDetail ParseError(HttpStatusCode status, JsonElement? body)
    {
        var message = (body is { } json ? JsonRead.String(json, "detail") : null) ?? ((int)status).ToString(CultureInfo.InvariantCulture);
        return new VendorErrorDetail(null, message, status is HttpStatusCode.BadRequest && FailureClassifier.Classify(null, message).IsSafetyRefusal ? VendorErrorKind.SafetyRefusal : null);
    }
}
