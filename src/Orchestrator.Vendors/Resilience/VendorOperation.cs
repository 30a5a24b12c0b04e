namespace Orchestrator.Vendors.Resilience;

/// <summary>The kinds of vendor call, each with its own pipeline, because what may be repeated differs.</summary>
public enum VendorOperation
{
    /// <summary>A submit with no vendor idempotency: only what cannot have created a job is retried.</summary>
    Submit,

    /// <summary>A submit the vendor deduplicates by a key we send: retried like a read.</summary>
    IdempotentSubmit,

    /// <summary>Status, output, lookups and cancels: safe to repeat.</summary>
    Read,

    /// <summary>Opening a download (until the headers); the body is verified, never silently resumed.</summary>
    Download,
}
