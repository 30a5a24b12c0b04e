using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors;

/// <summary>
/// One vendor contract (vendors.md) behind the interface the workflow uses: submit, status, output, download, cancel and
/// webhooks. Every answer is a plain record that serializes with System.Text.Json, so the workflow can keep it in durable
/// history. Calls that fail after the vendor's resilience pipeline throw <see cref="VendorRequestException"/>, except
/// submit, whose every outcome is a <see cref="SubmitResult"/> (the workflow must know whether a job may exist).
/// </summary>
public interface IVideoVendorClient
{
    VendorContract Contract { get; }

    /// <summary>What this contract guarantees about duplicate submits and callbacks; the workflow reads it to reconcile.</summary>
    VendorCapabilities Capabilities { get; }

    /// <summary>
    /// Submits the job once. The pipeline retries only what cannot have created a job (429, connection refused) unless
    /// the vendor's idempotency makes a repeat safe; anything else that may have reached the vendor is
    /// <see cref="SubmitOutcome.Uncertain"/>.
    /// </summary>
    Task<SubmitResult> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks for a job this submission may already have created (after an <see cref="SubmitOutcome.Uncertain"/> submit or
    /// a crash between intent and answer). <paramref name="notBefore"/> is when the workflow recorded its intent.
    /// </summary>
    Task<SubmissionLookup> FindSubmittedAsync(SubmitRequest request, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    Task<VendorJobStatus> GetStatusAsync(VendorJobRef job, CancellationToken cancellationToken = default);

    /// <summary>Where the finished clip can be fetched, and until when. Throws when the job has not succeeded.</summary>
    Task<VendorOutput> GetOutputAsync(VendorJobRef job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the finished clip as a stream that checks itself while it is read: fewer or more bytes than announced, or a
    /// file that is not an MP4, throws <see cref="VendorDownloadException"/>. Dispose the download.
    /// </summary>
    Task<VendorDownload> DownloadAsync(VendorJobRef job, CancellationToken cancellationToken = default);

    Task<VendorCancelResult> CancelAsync(VendorJobRef job, CancellationToken cancellationToken = default);

    /// <summary>Verifies a webhook call (signature, age, replay) and reads the job it reports.</summary>
    Task<WebhookResult> VerifyWebhookAsync(WebhookRequest request, CancellationToken cancellationToken = default);
}
