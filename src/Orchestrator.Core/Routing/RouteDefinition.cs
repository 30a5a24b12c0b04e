using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Routing;

/// <summary>The HTTP contract a route's vendor adapter speaks (vendors.md).</summary>
public enum VendorContract
{
    OpenaiVideos,
    Runway,
    FalQueue,
    Luma,
    ByteplusArk,
    KlingOfficial,
}

/// <summary>Whether a route calls the model maker directly or through an aggregator such as fal.</summary>
public enum ProviderKind
{
    Direct,
    Aggregator,
}

/// <summary>
/// One way to have a clip made: a model at a vendor, with its capabilities (what the router checks) and everything its
/// vendor adapter needs to build a request (contract, model id or app path per input mode, accepted durations, formats).
/// </summary>
public sealed record RouteDefinition
{
    /// <summary>Canonical id, "{vendor}/{model}", e.g. "fal/kling-v3-standard".</summary>
    public required string Id { get; init; }

    /// <summary>Who is called and paid: openai, runway, fal, kling, byteplus, luma. Billing rules are per vendor.</summary>
    public required string Vendor { get; init; }

    /// <summary>Who made the model: openai, runway, kling, bytedance, pika, luma.</summary>
    public required string Maker { get; init; }

    /// <summary>The model family across vendors, e.g. "kling-v3" or "seedance-2.0".</summary>
    public required string Family { get; init; }

    public required string Tier { get; init; }

    public required ProviderKind Provider { get; init; }

    public required VendorContract Contract { get; init; }

    public required string Description { get; init; }

    /// <summary>The vendor's model id or app path (and endpoint) for each input mode the route supports.</summary>
    public required IReadOnlyDictionary<InputMode, RouteModel> Modes { get; init; }

    /// <summary>The clip lengths the vendor accepts, in seconds, ascending.</summary>
    public required IReadOnlyList<int> Durations { get; init; }

    /// <summary>The resolutions and aspect ratios the vendor accepts, with the vendor's own size or mode values.</summary>
    public required IReadOnlyList<RouteFormat> Formats { get; init; }

    public required IReadOnlyList<AudioMode> Audio { get; init; }

    public required ReferenceLimits References { get; init; }

    /// <summary>Multi-shot storyboards in one call, or null when the route takes one shot.</summary>
    public MultiShotCapability? MultiShot { get; init; }

    public bool Hdr { get; init; }

    /// <summary>Whether the vendor's output carries a C2PA manifest without extra work.</summary>
    public bool C2paByDefault { get; init; }

    /// <summary>The day the vendor shuts the route down; from that day (UTC) the router treats it as unavailable.</summary>
    public DateOnly? Sunset { get; init; }

    /// <summary>Whether the vendor can call a webhook on completion (polling stays the fallback).</summary>
    public required bool Webhooks { get; init; }

    /// <summary>The first poll delay; the workflow backs off from here.</summary>
    public required TimeSpan PollInterval { get; init; }

    /// <summary>How long a job may run at the vendor before it is timed out.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>How long the vendor keeps the output URL, when known.</summary>
    public TimeSpan? OutputUrlLifetime { get; init; }

    /// <summary>Unconfirmed facts and assumptions behind this definition.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public RouteModel? ModelFor(InputMode mode) => Modes.TryGetValue(mode, out var model) ? model : null;

    public RouteFormat? FormatFor(Resolution resolution) => Formats.FirstOrDefault(format => format.Resolution == resolution);

    /// <summary>Whether the route is past its sunset at <paramref name="asOf"/>.</summary>
    public bool IsSunsetAt(DateTimeOffset asOf) => Sunset is { } day && DateOnly.FromDateTime(asOf.UtcDateTime) >= day;
}

/// <summary>The vendor's model identifier for one input mode (fal app path, OpenAI model, Kling model_name...) and the endpoint path, when the contract has several.</summary>
public sealed record RouteModel(string Model, string? Endpoint = null);

/// <summary>
/// A resolution the vendor accepts, with its aspect ratios. <see cref="Mode"/> is the vendor's quality switch for it
/// (Kling "std"/"pro"); <see cref="Sizes"/> maps an aspect ratio to the vendor's size value ("1280x720", "1280:720").
/// </summary>
public sealed record RouteFormat(Resolution Resolution, IReadOnlyList<string> AspectRatios, string? Mode = null, IReadOnlyDictionary<string, string>? Sizes = null)
{
    public string? SizeFor(string aspectRatio) => Sizes is not null && Sizes.TryGetValue(aspectRatio, out var size) ? size : null;
}

/// <summary>How many references of each kind a route takes, and whether it understands role tags (character, product, style, scene).</summary>
public sealed record ReferenceLimits(int Images, int Videos, int Audio, bool RoleTags);

/// <summary>Multi-shot generation in one call: at most <see cref="MaxShots"/> cuts whose seconds add up to one of <see cref="TotalSeconds"/>.</summary>
public sealed record MultiShotCapability(int MaxShots, IReadOnlyList<int> TotalSeconds);
