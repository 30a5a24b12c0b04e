using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Downloads;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors;

/// <summary>
/// The parts every adapter shares: submit outcome classification, verified downloads, and the webhook flow
/// (authenticate, then drop replays, then parse). A vendor adapter supplies its requests, status mapping and webhook scheme.
/// </summary>
public abstract class VendorClient : IVideoVendorClient
{
    private protected VendorClient(VendorContext context, string vendor, VendorContract contract, VendorCapabilities capabilities,
        VendorResilienceOptions resilience, VendorRetryRules? retryRules = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Vendor = vendor;
        Contract = contract;
        Capabilities = capabilities;
        context.Pipelines.Register(vendor, resilience, retryRules);
    }

    public string Vendor { get; }

    public VendorContract Contract { get; }

    public VendorCapabilities Capabilities { get; }

    private protected VendorContext Context { get; }

    private protected TimeProvider Time => Context.Time;

    /// <summary>The vendor's authorized HTTP (API calls).</summary>
    private protected abstract VendorHttp Api { get; }

    /// <summary>Whether the output URL is an API endpoint that needs our credentials (OpenAI content) rather than a presigned file URL.</summary>
    private protected virtual bool OutputNeedsCredentials => false;

    public async Task<SubmitResult> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return SubmitResult.Accepted(await SubmitCoreAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (VendorRequestException exception)
        {
            var outcome = exception.Kind switch
            {
                VendorErrorKind.CircuitOpen or VendorErrorKind.Unreachable or VendorErrorKind.Throttled => SubmitOutcome.NotSubmitted,
                VendorErrorKind.Transient or VendorErrorKind.Timeout => SubmitOutcome.Uncertain,
                _ => SubmitOutcome.Rejected,
            };
            return new SubmitResult(outcome, Failure: exception.ToFailure(), RetryAfter: exception.RetryAfter);
        }
    }

    public virtual Task<SubmissionLookup> FindSubmittedAsync(SubmitRequest request, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SubmissionLookup(null, false, $"{Vendor} offers no way to find a job by what we sent; only a callback carrying the submission key can reveal it."));

    public async Task<VendorJobStatus> GetStatusAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var status = await GetStatusCoreAsync(job, cancellationToken).ConfigureAwait(false);
        // The vendor states no expiry (fal, Luma): the output lives the route's lifetime from now, when we see it done.
        return status is { State: VendorJobState.Succeeded, OutputExpiresAt: null } && job.OutputUrlLifetime is { } lifetime
            ? status with { OutputExpiresAt = Time.GetUtcNow() + lifetime }
            : status;
    }

    public abstract Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default);

    public abstract Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default);

    public async Task<VendorDownload> DownloadAsync(VendorJobRef job, CancellationToken cancellationToken = default)
    {
        var output = await GetOutputAsync(job, cancellationToken).ConfigureAwait(false);
        if (output.ExpiresAt is { } expiry && expiry <= Time.GetUtcNow())
        {
            throw new VendorDownloadException(DownloadProblem.Expired, $"{Vendor} output of {job.VendorJobId} expired at {expiry:O}.");
        }
        HttpResponseMessage response;
        try
        {
            response = await Api.SendAsync(VendorOperation.Download, () => new HttpRequestMessage(HttpMethod.Get, output.Url), cancellationToken,
                authorize: OutputNeedsCredentials).ConfigureAwait(false);
        }
        catch (VendorRequestException exception) when (exception.Kind is VendorErrorKind.NotFound or VendorErrorKind.Unauthorized)
        {
            throw new VendorDownloadException(DownloadProblem.Expired, $"{Vendor} output of {job.VendorJobId} is no longer served ({exception.VendorMessage}).", exception);
        }
        catch (VendorRequestException exception) when (exception.Kind == VendorErrorKind.Transient && exception.Status is null)
        {
            // The connection dropped every time, before the headers could be read: a download that never completes.
            throw new VendorDownloadException(DownloadProblem.Truncated, $"{Vendor} output of {job.VendorJobId}: {exception.VendorMessage}.", exception);
        }
        var length = response.Content.Headers.ContentLength;
        if (length is { } served && output.ExpectedBytes is { } announced && served != announced)
        {
            response.Dispose();
            throw new VendorDownloadException(served < announced ? DownloadProblem.Truncated : DownloadProblem.Oversized,
                $"{Vendor} announced {announced} bytes for {job.VendorJobId} but serves {served}.");
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new VendorDownload(new VerifiedMp4Stream(stream, length ?? output.ExpectedBytes, $"{Vendor} output of {job.VendorJobId}"), output, length, response);
    }

    public async Task<WebhookResult> VerifyWebhookAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        if (check.Rejection is not null)
        {
            return WebhookResult.Rejected(check.Rejection);
        }
        VendorWebhookEvent parsed;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return WebhookResult.Rejected($"malformed body: a JSON {document.RootElement.ValueKind}, not an object");
            }
            parsed = ParseWebhook(document.RootElement, check);
        }
        catch (JsonException exception)
        {
            return WebhookResult.Rejected($"malformed body: {exception.Message}");
        }
        if (!await Context.ReplayStore.TryMarkSeenAsync($"{Vendor}:{check.DeliveryId}", check.KeepUntil, cancellationToken).ConfigureAwait(false))
        {
            // Nothing to act on: the first delivery's event was (or is being) acted on.
            return new WebhookResult(WebhookOutcome.Duplicate, $"delivery {check.DeliveryId} was already accepted");
        }
        return new WebhookResult(WebhookOutcome.Accepted, "verified", parsed);
    }

    private protected abstract Task<VendorJobRef> SubmitCoreAsync(SubmitRequest request, CancellationToken cancellationToken);

    /// <summary>The job's status as the vendor reports it.</summary>
    private protected abstract Task<VendorJobStatus> GetStatusCoreAsync(VendorJobRef job, CancellationToken cancellationToken);

    /// <summary>Authenticates a webhook call; by default by the contract's scheme: our signed callback URL, or nothing accepted.</summary>
    private protected virtual Task<WebhookCheck> AuthenticateAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Capabilities.Webhook == WebhookScheme.SignedCallbackUrl ? CheckSignedCallback(request) : WebhookCheck.Reject($"{Vendor} sends no webhooks"));

    private protected virtual VendorWebhookEvent ParseWebhook(JsonElement body, WebhookCheck check) => throw new NotSupportedException($"{Vendor} sends no webhooks.");

    /// <summary>
    /// A status this adapter does not know, in an answer to our call: a vendor fault the caller may retry. (In a webhook
    /// the same status only leaves the event without one: the workflow polls.)
    /// </summary>
    private protected VendorRequestException UnknownStatus(string? raw) => new(Vendor, VendorErrorKind.Transient, $"unknown status '{raw}'");

    /// <summary>The job reference every adapter fills the same way.</summary>
    private protected VendorJobRef NewJob(SubmitRequest request, string vendorJobId) => new()
    {
        Contract = Contract,
        Vendor = Vendor,
        RouteId = request.Route.Id,
        VendorJobId = vendorJobId,
        SubmissionKey = request.SubmissionKey,
        Model = request.Model.Model,
        Endpoint = request.Model.Endpoint,
        RequestedSeconds = request.Job.DurationSeconds,
        SubmittedAt = Time.GetUtcNow(),
        OutputUrlLifetime = request.Route.OutputUrlLifetime,
    };

    /// <summary>The check of a callback URL we signed; the delivery is the URL and body, so a vendor's retry of one state is a duplicate.</summary>
    private protected WebhookCheck CheckSignedCallback(WebhookRequest request)
    {
        var signer = Context.Callbacks;
        if (signer is null)
        {
            return WebhookCheck.Reject("no callback signing secret is configured");
        }
        var rejection = signer.Verify(request.Url, Vendor, out var key);
        var delivery = Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(request.Url.AbsoluteUri + "\n"), .. request.Body.Span]));
        return rejection is null ? new WebhookCheck(null, delivery, Time.GetUtcNow() + TimeSpan.FromDays(2), key) : WebhookCheck.Reject(rejection);
    }

    /// <summary>The submission key of a callback URL we signed (fal), when its signature holds; the vendor's own signature authenticates the call.</summary>
    private protected string? SignedCallbackKey(WebhookRequest request)
    {
        string? key = null;
        return Context.Callbacks is { } signer && signer.Verify(request.Url, Vendor, out key) is null ? key : null;
    }
}

/// <summary>The outcome of authenticating a webhook: why it was refused, or its delivery id, how long to remember it, and our submission key when known.</summary>
internal sealed record WebhookCheck(string? Rejection, string DeliveryId, DateTimeOffset KeepUntil, string? SubmissionKey)
{
    public static WebhookCheck Reject(string reason) => new(reason, string.Empty, default, null);
}
