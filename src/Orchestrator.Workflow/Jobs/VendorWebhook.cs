using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Workflow.Jobs;

/// <summary>A webhook that its vendor adapter verified (signature, age, replay): safe to act on.</summary>
public sealed record VendorWebhook(VendorWebhookEvent Event)
{
    /// <summary>The verified event of an accepted webhook; null for a duplicate or a rejected one.</summary>
    public static VendorWebhook? From(WebhookResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result is { Outcome: WebhookOutcome.Accepted, Event: { } verified } ? new VendorWebhook(verified) : null;
    }
}
