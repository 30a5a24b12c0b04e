namespace Orchestrator.Vendors.Webhooks;

/// <summary>A webhook call as the host received it: the full URL (signed callback URLs carry their proof in the query), headers and the raw body bytes.</summary>
public sealed record WebhookRequest(Uri Url, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    /// <summary>Builds a request with case-insensitive header names.</summary>
    public static WebhookRequest Create(Uri url, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body) =>
        new(url, new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase), body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : Headers.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

public enum WebhookOutcome
{
    /// <summary>Authentic and new: act on it (the workflow still confirms with a status call).</summary>
    Accepted,

    /// <summary>Authentic, but this delivery was already accepted: answer 2xx (so the vendor stops retrying) and do nothing; it carries no event.</summary>
    Duplicate,

    /// <summary>Forged, stale, malformed or unsigned: answer 401 (400 for malformed) and do nothing.</summary>
    Rejected,
}

/// <summary>The verdict on a webhook call and, when accepted, the job it reports.</summary>
public sealed record WebhookResult(WebhookOutcome Outcome, string Reason, VendorWebhookEvent? Event = null)
{
    public static WebhookResult Rejected(string reason) => new(WebhookOutcome.Rejected, reason);
}

/// <summary>
/// What a verified webhook says: the vendor's job id, our submission key when the callback URL or the vendor carried it
/// (so a job from an uncertain submit is found), the delivery id, and the status read from the body when it has one.
/// </summary>
public sealed record VendorWebhookEvent(string Vendor, string DeliveryId, string? VendorJobId, string? SubmissionKey, string EventType, VendorJobStatus? Status);
