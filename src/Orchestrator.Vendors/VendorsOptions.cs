using Orchestrator.Vendors.Resilience;

namespace Orchestrator.Vendors;

/// <summary>
/// Vendor settings, bound from <see cref="SectionName"/> (Orchestrator:Vendors:OpenAI, :Runway, :Fal, :Luma, :Byteplus,
/// :Kling, :OpenAIModeration, :AzureContentSafety, :Callbacks, :Resilience). ToString never shows a secret.
/// </summary>
public sealed record VendorsOptions
{
    public const string SectionName = "Orchestrator:Vendors";

    public OpenAiVideosOptions OpenAI { get; init; } = new();

    public RunwayOptions Runway { get; init; } = new();

    public FalOptions Fal { get; init; } = new();

    public LumaOptions Luma { get; init; } = new();

    public ByteplusOptions Byteplus { get; init; } = new();

    public KlingOptions Kling { get; init; } = new();

    public OpenAiModerationOptions OpenAIModeration { get; init; } = new();

    public AzureContentSafetyOptions AzureContentSafety { get; init; } = new();

    public CallbackOptions Callbacks { get; init; } = new();

    /// <summary>The resilience policy every vendor starts from; a vendor's own Resilience section overrides it.</summary>
    public VendorResilienceOptions Resilience { get; init; } = new();
}

/// <summary>Shown in place of a secret.</summary>
internal static class Redact
{
    public static string Secret(string? value) => string.IsNullOrEmpty(value) ? "(not set)" : "(set)";
}

public sealed record OpenAiVideosOptions
{
    public Uri BaseUrl { get; init; } = new("https://api.openai.com/v1/");

    public string ApiKey { get; init; } = string.Empty;

    /// <summary>The project's webhook signing secret, "whsec_" + base64 (Standard Webhooks).</summary>
    public string WebhookSecret { get; init; } = string.Empty;

    public VendorResilienceOptions? Resilience { get; init; }

    public override string ToString() => $"OpenAI {BaseUrl} key {Redact.Secret(ApiKey)} webhook secret {Redact.Secret(WebhookSecret)}";
}

public sealed record RunwayOptions
{
    public Uri BaseUrl { get; init; } = new("https://api.dev.runwayml.com/");

    public string ApiKey { get; init; } = string.Empty;

    /// <summary>The X-Runway-Version header every call sends.</summary>
    public string ApiVersion { get; init; } = "2024-11-06";

    public VendorResilienceOptions? Resilience { get; init; }

    public override string ToString() => $"Runway {BaseUrl} version {ApiVersion} key {Redact.Secret(ApiKey)}";
}

public sealed record FalOptions
{
    /// <summary>The queue host; submits go to {QueueUrl}{app path}. Status, result and cancel URLs come back from fal.</summary>
    public Uri QueueUrl { get; init; } = new("https://queue.fal.run/");

    public string ApiKey { get; init; } = string.Empty;

    /// <summary>fal's webhook public keys (JWKS, Ed25519 "x" values), fetched and cached.</summary>
    public Uri? JwksUrl { get; init; } = new("https://rest.alpha.fal.ai/.well-known/jwks.json");

    /// <summary>Ed25519 public keys (base64url, 32 bytes) to accept besides the JWKS, e.g. pinned keys.</summary>
    public IList<string> PublicKeys { get; init; } = [];

    public TimeSpan JwksCacheDuration { get; init; } = TimeSpan.FromHours(24);

    public VendorResilienceOptions? Resilience { get; init; }

    public override string ToString() => $"fal {QueueUrl} key {Redact.Secret(ApiKey)} jwks {JwksUrl}";
}

public sealed record LumaOptions
{
    public Uri BaseUrl { get; init; } = new("https://api.lumalabs.ai/dream-machine/v1/");

    public string ApiKey { get; init; } = string.Empty;

    public VendorResilienceOptions? Resilience { get; init; }

    public override string ToString() => $"Luma {BaseUrl} key {Redact.Secret(ApiKey)}";
}

public sealed record ByteplusOptions
{
    /// <summary>Keys are region-bound: the base URL must be the key's region.</summary>
    public Uri BaseUrl { get; init; } = new("https://ark.ap-southeast.bytepluses.com/api/v3/");

    public string ApiKey { get; init; } = string.Empty;

    public VendorResilienceOptions? Resilience { get; init; }

    public override string ToString() => $"BytePlus {BaseUrl} key {Redact.Secret(ApiKey)}";
}

public sealed record KlingOptions
{
    public Uri BaseUrl { get; init; } = new("https://api-singapore.klingai.com/");

    public string AccessKey { get; init; } = string.Empty;

    public string SecretKey { get; init; } = string.Empty;

    /// <summary>How long each per-request JWT is valid (Kling's examples use 30 minutes).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(30);

    public VendorResilienceOptions? Resilience { get; init; }

    public override string ToString() => $"Kling {BaseUrl} access key {Redact.Secret(AccessKey)} secret key {Redact.Secret(SecretKey)}";
}

public sealed record OpenAiModerationOptions
{
    public Uri BaseUrl { get; init; } = new("https://api.openai.com/v1/");

    public string ApiKey { get; init; } = string.Empty;

    public string Model { get; init; } = "omni-moderation-latest";

    public override string ToString() => $"OpenAI moderation {BaseUrl} model {Model} key {Redact.Secret(ApiKey)}";
}

public sealed record AzureContentSafetyOptions
{
    /// <summary>The resource endpoint, e.g. https://my-resource.cognitiveservices.azure.com/.</summary>
    public Uri? Endpoint { get; init; }

    public string ApiKey { get; init; } = string.Empty;

    public string ApiVersion { get; init; } = "2023-10-01";

    /// <summary>A category at or above this severity (0, 2, 4, 6 with FourSeverityLevels) flags the text.</summary>
    public int SeverityThreshold { get; init; } = 2;

    public IList<string> BlocklistNames { get; init; } = [];

    public override string ToString() => $"Azure AI Content Safety {Endpoint} threshold {SeverityThreshold} key {Redact.Secret(ApiKey)}";
}

/// <summary>Signed callback URLs for vendors that sign nothing themselves (Luma, BytePlus, Kling; fal too, for the submission key).</summary>
public sealed record CallbackOptions
{
    /// <summary>The HMAC-SHA256 key for callback URLs (at least 32 bytes of entropy; base64 or plain text).</summary>
    public string SigningSecret { get; init; } = string.Empty;

    /// <summary>How long a callback URL stays valid beyond the route's timeout.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromHours(6);

    public override string ToString() => $"Callbacks secret {Redact.Secret(SigningSecret)} grace {Grace}";
}
