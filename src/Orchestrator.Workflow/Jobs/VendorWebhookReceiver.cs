using Orchestrator.Core.Routing;
using Orchestrator.Vendors;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// What became of a webhook call: the adapter's verdict, whether a job took it, and why (for the response and logs).
/// Hosts answer it as the body of a 2xx (202 when a job took it, 200 for no job or a duplicate), or 401 when Rejected.
/// </summary>
public sealed record WebhookReceipt(WebhookOutcome Outcome, bool MatchedJob, string Reason);

/// <summary>
/// The webhook path hosts map per vendor (".../webhooks/{vendor}"): the vendor's adapter verifies the call (signature,
/// age, replay), then a verified event is raised on its job. A verified delivery seen before (a vendor retrying after
/// our 2xx was lost, or a captured call replayed) raises nothing and is acknowledged, so the vendor stops retrying.
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
        if (result.Outcome == WebhookOutcome.Duplicate)
        {
            return new WebhookReceipt(WebhookOutcome.Duplicate, false, $"{result.Reason}; nothing was done");
        }
        if (VendorWebhook.From(result) is not { } verified)
        {
            return new WebhookReceipt(result.Outcome, false, result.Reason);
        }
        var matched = await jobs.RaiseVendorUpdateAsync(verified, cancellationToken).ConfigureAwait(false);
        return new WebhookReceipt(WebhookOutcome.Accepted, matched, matched ? "raised on its job" : "no job matches this webhook");
    }
}
