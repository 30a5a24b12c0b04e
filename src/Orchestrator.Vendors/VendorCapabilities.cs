namespace Orchestrator.Vendors;

/// <summary>What a vendor contract guarantees about submitting twice and about callbacks (see the README's vendor table).</summary>
/// <param name="Idempotency">How a repeated submit of one submission key is made harmless.</param>
/// <param name="Lookup">How a job created by an uncertain submit can be found again.</param>
/// <param name="Webhook">How the vendor's callbacks are authenticated.</param>
/// <param name="Cancel">Whether the vendor can stop a job.</param>
public sealed record VendorCapabilities(SubmitIdempotency Idempotency, SubmissionLookupKind Lookup, WebhookScheme Webhook, bool Cancel);

public enum SubmitIdempotency
{
    /// <summary>Nothing at the vendor stops a second job: submit is never retried once it may have reached the vendor.</summary>
    None,

    /// <summary>A vendor field we fill with the submission key refuses a duplicate (Kling external_task_id): repeats are safe.</summary>
    ExternalId,
}

public enum SubmissionLookupKind
{
    /// <summary>The vendor has no way to find a job by anything we sent: only its callback (carrying the key) reveals it.</summary>
    None,

    /// <summary>An exact lookup by the submission key.</summary>
    ByKey,

    /// <summary>The signed callback URL we sent comes back in the vendor's job listing: an exact match.</summary>
    ByCallbackUrl,

    /// <summary>A listing matched on model, prompt and parameters created after the intent: a heuristic.</summary>
    ByContent,
}

public enum WebhookScheme
{
    None,

    /// <summary>Standard Webhooks: HMAC-SHA256 over id.timestamp.body with a whsec_ secret (OpenAI).</summary>
    StandardWebhooks,

    /// <summary>Ed25519 over request_id, user_id, timestamp and the body's SHA-256, against fal's JWKS.</summary>
    FalEd25519,

    /// <summary>No vendor signature: a callback URL we sign (submission key and expiry) authenticates the call.</summary>
    SignedCallbackUrl,
}
