using System.Text.Json.Serialization;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;

namespace Orchestrator.Vendors;

/// <summary>
/// A job at a vendor, as the workflow keeps it after submit: enough to ask for its status, output and cancel it again
/// after a restart. fal answers with its own status, result and cancel URLs, which are kept as given.
/// </summary>
public sealed record VendorJobRef
{
    public required VendorContract Contract { get; init; }

    public required string Vendor { get; init; }

    public required string RouteId { get; init; }

    /// <summary>The vendor's job id (OpenAI video id, Runway task id, fal request_id, Luma generation id, Ark task id, Kling task_id).</summary>
    public required string VendorJobId { get; init; }

    public required string SubmissionKey { get; init; }

    /// <summary>The model or fal app asked for.</summary>
    public required string Model { get; init; }

    /// <summary>The submit endpoint path, where status paths derive from it (Kling text2video vs image2video).</summary>
    public string? Endpoint { get; init; }

    public Uri? StatusUrl { get; init; }

    public Uri? ResponseUrl { get; init; }

    public Uri? CancelUrl { get; init; }

    /// <summary>The seconds asked for, used when the vendor reports none.</summary>
    public int RequestedSeconds { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>How long the vendor keeps the output URL by the route catalog, for vendors whose answers carry no expiry (fal, Luma).</summary>
    public TimeSpan? OutputUrlLifetime { get; init; }
}

/// <summary>The normalized life cycle of a vendor job.</summary>
public enum VendorJobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,

    /// <summary>Finished, but the output is gone (its URL or the job expired at the vendor).</summary>
    Expired,
}

/// <summary>
/// A job's status, normalized, with the vendor's own words kept: <see cref="RawStatus"/>, the failure code and message.
/// <see cref="PollAfter"/> is the vendor's hint (openai-poll-after-ms, Retry-After) for the next poll, when it gave one.
/// </summary>
public sealed record VendorJobStatus
{
    public required VendorJobState State { get; init; }

    public required string RawStatus { get; init; }

    /// <summary>0 to 100, when the vendor reports it.</summary>
    public int? Progress { get; init; }

    public int? QueuePosition { get; init; }

    public TimeSpan? PollAfter { get; init; }

    public VendorFailure? Failure { get; init; }

    /// <summary>What the vendor reported for billing: seconds, tokens, clips, the model that actually ran.</summary>
    public VendorUsage Usage { get; init; } = VendorUsage.None;

    /// <summary>
    /// When the vendor drops the output, when known (OpenAI expires_at, Runway and Ark about 24 h); when the vendor gives
    /// none, the time we saw the job succeed plus the route's output URL lifetime (fal's 1 h).
    /// </summary>
    public DateTimeOffset? OutputExpiresAt { get; init; }

    /// <summary>Vendor facts worth keeping that have no normalized field (e.g. Kling final_unit_deduction).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    [JsonIgnore]
    public bool IsTerminal => State is VendorJobState.Succeeded or VendorJobState.Failed or VendorJobState.Canceled or VendorJobState.Expired;
}

/// <summary>Why a job (or a submit) failed, in the vendor's words, and what that means for the workflow.</summary>
public sealed record VendorFailure(FailureKind Kind, string? Code, string Message)
{
    /// <summary>The vendor's safety system refused the prompt or the output: never retry, bill as refused-by-vendor.</summary>
    [JsonIgnore]
    public bool IsSafetyRefusal => Kind == FailureKind.SafetyRefusal;

    /// <summary>The vendor failed through no fault of the request: fail over to the next route.</summary>
    [JsonIgnore]
    public bool IsVendorFault => Kind is FailureKind.VendorFault or FailureKind.Unavailable;
}

public enum FailureKind
{
    /// <summary>Refused by the vendor's safety checks (input or output).</summary>
    SafetyRefusal,

    /// <summary>The request itself is wrong for this vendor (validation, unreadable reference): failing over will not help unless the next route differs.</summary>
    InvalidInput,

    /// <summary>The vendor broke (internal error, bad output, timeout): fail over.</summary>
    VendorFault,

    /// <summary>The vendor is unreachable or throttling past its hint: fail over or wait.</summary>
    Unavailable,

    /// <summary>Credentials or account: the key is wrong, the balance or resource pack is empty. An operator must act; fail over meanwhile.</summary>
    Account,
}
