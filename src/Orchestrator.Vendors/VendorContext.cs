using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors;

/// <summary>What every adapter shares: one HttpClient, the named pipelines, the clock, the replay store and the callback signer.</summary>
public sealed record VendorContext(HttpClient Http, VendorPipelines Pipelines, TimeProvider Time, IWebhookReplayStore ReplayStore, CallbackUrlSigner? Callbacks)
{
    /// <summary>A callback URL for the submission, signed until the route's timeout plus the grace period; null when none was asked for.</summary>
    public Uri? SignedCallback(SubmitRequest request, string vendor, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.WebhookUrl is null)
        {
            return null;
        }
        var signer = Callbacks ?? throw new InvalidOperationException("A webhook URL was given but no callback signing secret is configured (Orchestrator:Vendors:Callbacks:SigningSecret).");
        return signer.Sign(request.WebhookUrl, vendor, request.SubmissionKey, Time.GetUtcNow() + request.Route.Timeout + grace);
    }
}
