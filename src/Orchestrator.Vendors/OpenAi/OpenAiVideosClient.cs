using System.Net;
using System.Text.Json;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.OpenAi;

/// <summary>
/// OpenAI Videos API (Sora 2): POST /videos, GET /videos/{id} (status queued, in_progress, completed, failed; poll hint
/// openai-poll-after-ms), GET /videos/{id}/content?variant=video, DELETE /videos/{id}, GET /videos for lookups.
/// Webhooks are Standard Webhooks signed with the project's whsec_ secret (configured per project, not per request).
/// </summary>
public sealed class OpenAiVideosClient : VendorClient
{
    public const string VendorName = "openai";
    private static readonly TimeSpan LookupSkew = TimeSpan.FromMinutes(2);
    private readonly OpenAiVideosOptions options;
    private readonly StandardWebhookVerifier? webhooks;

    public OpenAiVideosClient(VendorContext context, OpenAiVideosOptions options, VendorResilienceOptions resilience)
        : base(context, VendorName, VendorContract.OpenaiVideos,
            new VendorCapabilities(SubmitIdempotency.None, SubmissionLookupKind.ByContent, WebhookScheme.StandardWebhooks, Cancel: true), resilience)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        Api = new VendorHttp(VendorName, context.Http, context.Pipelines, ParseError,
            request => request.Headers.Authorization = new("Bearer", options.ApiKey));
        webhooks = string.IsNullOrEmpty(options.WebhookSecret) ? null : new StandardWebhookVerifier(options.WebhookSecret, context.Time);
    }

    private protected override VendorHttp Api { get; }

    private protected override bool OutputNeedsCredentials => true;

    public override async Task<SubmissionLookup> FindSubmittedAsync(SubmitRequest request, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var expected = OpenAiVideoRequests.Create(request);
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var list = await Api.GetJsonAsync(Url($"videos?limit=100&order=desc{(after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))}"), cancellationToken).ConfigureAwait(false);
            var videos = JsonRead.Array(list.Body, "data").ToList();
            foreach (var video in videos)
            {
                if (JsonRead.UnixSeconds(video, "created_at") is { } created && created < notBefore - LookupSkew)
                {
                    return new SubmissionLookup(null, true, "no video with this model, prompt, seconds and size was created since the intent");
                }
                if (JsonRead.String(video, "model") == expected["model"]!.GetValue<string>()
                    && JsonRead.String(video, "prompt") == request.Job.Prompt
                    && JsonRead.String(video, "seconds") == expected["seconds"]!.GetValue<string>()
                    && JsonRead.String(video, "size") == expected["size"]!.GetValue<string>())
                {
                    return new SubmissionLookup(NewJob(request, JsonRead.String(video, "id")!), false,
                        "matched by model, prompt, seconds and size after the intent (a heuristic: OpenAI keeps no key of ours)");
                }
            }
            if (videos.Count == 0 || JsonRead.Path(list.Body, "has_more") is { ValueKind: JsonValueKind.False })
            {
                return new SubmissionLookup(null, true, "the listing holds no matching video");
            }
            after = JsonRead.String(videos[^1], "id");
        }
        return new SubmissionLookup(null, false, "gave up after 10 pages of videos");
    }

    private protected override async Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken)
    {
        var answer = await Api.GetJsonAsync(Url($"videos/{Uri.EscapeDataString(job.VendorJobId)}"), cancellationToken).ConfigureAwait(false);
        return StatusOf(answer.Body) with { PollAfter = RetryHints.PollAfter(answer.Headers) };
    }

    public override async Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(job, cancellationToken).ConfigureAwait(false);
        if (status.State is not (VendorJobState.Succeeded or VendorJobState.Expired))
        {
            throw new InvalidOperationException($"OpenAI video {job.VendorJobId} is {status.RawStatus}: it has no output yet.");
        }
        return new VendorOutput(Url($"videos/{Uri.EscapeDataString(job.VendorJobId)}/content?variant=video"), "video/mp4", status.OutputExpiresAt, null, C2paExpected: true);
    }

    public override async Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answer = await Api.SendJsonAsync(VendorOperation.Read, () => new HttpRequestMessage(HttpMethod.Delete, Url($"videos/{Uri.EscapeDataString(job.VendorJobId)}")), cancellationToken).ConfigureAwait(false);
        var deleted = JsonRead.Path(answer.Body, "deleted") is { ValueKind: JsonValueKind.True };
        return new VendorCancelResult(true, deleted, deleted ? "deleted" : "not deleted", "OpenAI has no cancel: DELETE /videos/{id} removes the video (a running job may still be billed).");
    }

    private protected override async Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = OpenAiVideoRequests.Create(request);
        var answer = await Api.PostJsonAsync(VendorOperation.Submit, Url("videos"), body, cancellationToken).ConfigureAwait(false);
        return NewJob(request, Api.Required(answer, "video id", "id"));
    }

    private protected override Task<WebhookCheck> AuthenticateAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (webhooks is null)
        {
            return Task.FromResult(WebhookCheck.Reject("no OpenAI webhook secret is configured (Orchestrator:Vendors:OpenAI:WebhookSecret)"));
        }
        var rejection = webhooks.Verify(request, out var id, out var sentAt);
        return Task.FromResult(rejection is null ? new WebhookCheck(null, id, sentAt + (2 * webhooks.Tolerance), null) : WebhookCheck.Reject(rejection));
    }

    private protected override VendorWebhookEvent ParseWebhook(JsonElement body, WebhookCheck check)
    {
        var type = JsonRead.String(body, "type") ?? "unknown";
        VendorJobStatus? status = type switch
        {
            "video.completed" => new VendorJobStatus { State = VendorJobState.Succeeded, RawStatus = "completed" },
            "video.failed" => new VendorJobStatus { State = VendorJobState.Failed, RawStatus = "failed", Failure = FailureClassifier.Classify(null, "video.failed event") },
            _ => null,
        };
        return new VendorWebhookEvent(VendorName, check.DeliveryId, JsonRead.String(body, "data", "id"), null, type, status);
    }

    private VendorJobStatus StatusOf(JsonElement video)
    {
        var raw = JsonRead.String(video, "status") ?? "unknown";
        var expires = JsonRead.UnixSeconds(video, "expires_at");
        var state = raw switch
        {
            "queued" => VendorJobState.Queued,
            "in_progress" => VendorJobState.Running,
            "completed" when expires is { } at && at <= Time.GetUtcNow() => VendorJobState.Expired,
            "completed" => VendorJobState.Succeeded,
            "failed" => VendorJobState.Failed,
            "cancelled" or "canceled" => VendorJobState.Canceled,
            _ => throw UnknownStatus(raw),
        };
        return new VendorJobStatus
        {
            State = state,
            RawStatus = raw,
            Progress = JsonRead.Int(video, "progress"),
            Failure = state == VendorJobState.Failed ? FailureClassifier.Classify(JsonRead.String(video, "error", "code"), JsonRead.String(video, "error", "message")) : null,
            OutputExpiresAt = expires,
            Usage = new VendorUsage { Model = JsonRead.String(video, "model"), OutputSeconds = JsonRead.Decimal(video, "seconds"), Clips = 1 },
        };
    }

    private Uri Url(string relative) => new(options.BaseUrl, relative);

    private static VendorErrorDetail ParseError(HttpStatusCode status, JsonElement? body)
    {
        var error = ErrorBodies.ErrorObject(status, body);
        var type = body is { } json ? JsonRead.String(json, "error", "type") : null;
        var safety = $"{error.Code} {type}".Contains("moderation", StringComparison.OrdinalIgnoreCase) || error.Code == "content_policy_violation";
        return error with { Code = error.Code ?? type, Kind = safety ? VendorErrorKind.SafetyRefusal : null };
    }
}
