using System.Globalization;
using System.Net;
using System.Text.Json;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Runway;

/// <summary>
/// Runway: POST /v1/{text,image,video}_to_video -> {id}; GET /v1/tasks/{id} (PENDING, THROTTLED, RUNNING, SUCCEEDED,
/// FAILED, CANCELLED; failureCode SAFETY.*, INTERNAL.*, INPUT_PREPROCESSING.*); DELETE /v1/tasks/{id}. Every call sends
/// X-Runway-Version. No webhooks and no task listing: poll only, and an uncertain submit cannot be looked up.
/// </summary>
public sealed class RunwayClient : VendorClient
{
    public const string VendorName = "runway";

    /// <summary>Runway keeps outputs 24 to 48 hours: the lower bound is assumed.</summary>
    public static readonly TimeSpan OutputLifetime = TimeSpan.FromHours(24);

    private readonly RunwayOptions options;

    public RunwayClient(VendorContext context, RunwayOptions options, VendorResilienceOptions resilience)
        : base(context, VendorName, VendorContract.Runway, new VendorCapabilities(SubmitIdempotency.None, SubmissionLookupKind.None, WebhookScheme.None, Cancel: true), resilience)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        Api = new VendorHttp(VendorName, context.Http, context.Pipelines, ParseError, request =>
        {
            request.Headers.Authorization = new("Bearer", options.ApiKey);
            request.Headers.Add("X-Runway-Version", options.ApiVersion);
        });
    }

    private protected override VendorHttp Api { get; }

    private protected override async Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken)
    {
        var answer = await Api.GetJsonAsync(TaskUrl(job), cancellationToken).ConfigureAwait(false);
        return StatusOf(answer.Body, job) with { PollAfter = RetryHints.PollAfter(answer.Headers) };
    }

    public override async Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answer = await Api.GetJsonAsync(TaskUrl(job), cancellationToken).ConfigureAwait(false);
        var status = StatusOf(answer.Body, job);
        var url = JsonRead.Array(answer.Body, "output").Select(item => item.GetString()).FirstOrDefault();
        if (status.State != VendorJobState.Succeeded || url is null)
        {
            throw new InvalidOperationException($"Runway task {job.VendorJobId} is {status.RawStatus}: it has no output.");
        }
        return new VendorOutput(new Uri(url), "video/mp4", status.OutputExpiresAt, null, C2paExpected: false);
    }

    public override async Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new VendorCancelResult(true, true, await Api.DeleteAsync(TaskUrl(job), cancellationToken).ConfigureAwait(false), "DELETE /v1/tasks/{id} cancels a running task (or deletes a finished one).");
    }

    private protected override async Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = RunwayRequests.Create(request);
        var endpoint = request.Model.Endpoint ?? throw new InvalidOperationException($"Route {request.Route.Id} names no Runway endpoint.");
        var answer = await Api.PostJsonAsync(VendorOperation.Submit, new Uri(options.BaseUrl, endpoint.TrimStart('/')), body, cancellationToken).ConfigureAwait(false);
        return NewJob(request, Api.Required(answer, "task id", "id"));
    }

    private Uri TaskUrl(VendorJobRef job) => new(options.BaseUrl, $"v1/tasks/{Uri.EscapeDataString(job.VendorJobId)}");

    private VendorJobStatus StatusOf(JsonElement task, VendorJobRef job)
    {
        var raw = JsonRead.String(task, "status") ?? "unknown";
        var state = raw switch
        {
            "PENDING" or "THROTTLED" => VendorJobState.Queued,
            "RUNNING" => VendorJobState.Running,
            "SUCCEEDED" => VendorJobState.Succeeded,
            "FAILED" => VendorJobState.Failed,
            "CANCELLED" => VendorJobState.Canceled,
            _ => throw UnknownStatus(raw),
        };
        var progress = JsonRead.Decimal(task, "progress");
        return new VendorJobStatus
        {
            State = state,
            RawStatus = raw,
            Progress = progress is { } fraction ? (int)Math.Round(fraction <= 1 ? fraction * 100 : fraction) : null,
            Failure = state == VendorJobState.Failed ? FailureOf(JsonRead.String(task, "failureCode"), JsonRead.String(task, "failure")) : null,
            OutputExpiresAt = (JsonRead.Iso(task, "createdAt") ?? job.SubmittedAt) + OutputLifetime,
            Usage = new VendorUsage { Model = job.Model, Clips = 1 },
        };
    }

    /// <summary>Runway's failure code families: SAFETY.* never retried, INPUT_PREPROCESSING.* and ASSET.* the input, INTERNAL.* the vendor.</summary>
    public static VendorFailure FailureOf(string? code, string? message)
    {
        var kind = code switch
        {
            not null when code.StartsWith("SAFETY.", StringComparison.Ordinal) => FailureKind.SafetyRefusal,
            not null when code.StartsWith("INPUT_PREPROCESSING.", StringComparison.Ordinal) || code.StartsWith("ASSET.", StringComparison.Ordinal) => FailureKind.InvalidInput,
            not null when code.StartsWith("INTERNAL", StringComparison.Ordinal) => FailureKind.VendorFault,
            _ => FailureClassifier.Classify(code, message).Kind,
        };
        return new VendorFailure(kind, code, message ?? code ?? "failed");
    }

    private static VendorErrorDetail ParseError(HttpStatusCode status, JsonElement? body)
    {
        var message = (body is { } json ? JsonRead.String(json, "error") : null) ?? ((int)status).ToString(CultureInfo.InvariantCulture);
        return new VendorErrorDetail(null, message, status == HttpStatusCode.BadRequest && FailureClassifier.Classify(null, message).IsSafetyRefusal ? VendorErrorKind.SafetyRefusal : null);
    }
}
