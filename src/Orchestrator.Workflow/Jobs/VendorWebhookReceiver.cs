using Orchestrator.Core.Routing;
using Orchestrator.Vendors;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Workflow.Jobs;

/// <summary>What became of a webhook call: the adapter's verdict, whether a job took it, and why (for the response and logs).</summary>
public sealed record WebhookReceipt(WebhookOutcome Outcome, bool MatchedJob, string Reason);

/// <summary>
/// The webhook path hosts map per vendor (".../webhooks/{vendor}"): the vendor's adapter verifies the call (signature,
/// age, replay), then a verified event is raised on its job. Answer 401 for Rejected, 2xx otherwise.
/// </summary>
public sealed class VendorWebhookReceiver(VendorClients vendors, RouteCatalog routes, IJobService jobs)
{
    public async Task<WebhookReceipt> ReceiveAsync(string vendor, WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (routes.Routes.FirstOrDefault(route => route.Vendor == vendor) is not { } route)
        {
            return new WebhookReceipt(WebhookOutcome.Rejected, false, $"no vendor named '{vendor}'");
        }
        var result = await vendors.For(route).VerifyWebhookAsync(request, cancellationToken).ConfigureAwait(false);
        if (VendorWebhook.From(result) is not { } verified)
        {
            return new WebhookReceipt(result.Outcome, false, result.Reason);
        }
        var matched = await jobs.RaiseVendorUpdateAsync(verified, cancellationToken).ConfigureAwait(false);
        return new WebhookReceipt(WebhookOutcome.Accepted, matched, matched ? "raised on its job" : "no job matches this webhook");
    }
}
