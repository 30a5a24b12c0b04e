using System.Text.Json.Serialization;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Pricing;

/// <summary>The pricing units of pricing.md, plus the reference-only units some of its rows use.</summary>
public enum RateUnit
{
    /// <summary>Seconds of output x USD per second.</summary>
    UsdPerSecond,

    /// <summary>Seconds x credits per second x USD per credit (the credit's package).</summary>
    CreditsPerSecond,

    /// <summary>Kling official API: seconds x resource units per second x USD per unit of the prepaid package.</summary>
    ResourceUnitsPerSecond,

    /// <summary>Kling legacy block models: units per fixed-length clip x USD per unit.</summary>
    ResourceUnitsPerClip,

    /// <summary>Seedance on fal: tokens = height x width x seconds x 24 / 1024; USD = tokens / 1000 x rate.</summary>
    TokenFormula,

    /// <summary>A fixed price for a clip of a fixed length; other lengths are refused.</summary>
    FixedClip,

    /// <summary>A flat price per generation.</summary>
    PerGeneration,

    /// <summary>A price per clip on an aggregator.</summary>
    PerClip,

    /// <summary>Credits for a clip of a fixed length x USD per credit.</summary>
    CreditsPerClip,

    /// <summary>Multiplies the price of the row it applies to (HDR surcharge, batch discount, video-reference discount).</summary>
    Multiplier,

    /// <summary>Reference only: GPU time.</summary>
    UsdPerGpuHour,

    /// <summary>Reference only: an aggregator's markup range over the vendor's price.</summary>
    Markup,
}

/// <summary>Whether a row may price a quote or is kept for reference (consumer plans, other providers, notes).</summary>
public enum RateUse
{
    Quote,
    Reference,
}

/// <summary>
/// One dated, sourced price observation from pricing.md. The dimensions (resolution, audio, input modes, seconds, video input,
/// HDR) say which requests it prices; a null dimension matches any value. <see cref="Stated"/> keeps the figures the source
/// printed so the catalog check can tell whether they add up.
/// </summary>
public sealed record RateRow
{
    public required string Id { get; init; }

    /// <summary>The row as the source wrote it.</summary>
    public required string Label { get; init; }

    public required string Source { get; init; }

    /// <summary>The routes this row prices; empty for a reference row.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    public RateUse? Use { get; init; }

    public required RateUnit Unit { get; init; }

    public decimal? UsdPerSecond { get; init; }

    public decimal? CreditsPerSecond { get; init; }

    public decimal? UnitsPerSecond { get; init; }

    public decimal? UsdPer1000Tokens { get; init; }

    public IReadOnlyList<ClipPrice>? Clips { get; init; }

    public decimal? UsdPerClip { get; init; }

    public decimal? UsdPerGeneration { get; init; }

    public decimal? Credits { get; init; }

    public int? ClipSeconds { get; init; }

    public decimal? Factor { get; init; }

    public decimal? MinFactor { get; init; }

    public decimal? MaxFactor { get; init; }

    public decimal? UsdPerGpuHour { get; init; }

    /// <summary>The package or credit plan that values this row's credits or units; null takes the vendor's configured package.</summary>
    public string? Package { get; init; }

    /// <summary>"480p" ... "4k", or another size a source named (e.g. "1024p"); null for any.</summary>
    public string? Resolution { get; init; }

    public AudioMode? Audio { get; init; }

    public IReadOnlyList<InputMode>? InputModes { get; init; }

    /// <summary>A vendor tier no job request asks for yet (e.g. "batch"); rows with a tier never price a request.</summary>
    public string? Tier { get; init; }

    public int? MinSeconds { get; init; }

    public int? MaxSeconds { get; init; }

    /// <summary>Whether the row is for requests with (true) or without (false) a video reference.</summary>
    public bool? VideoInput { get; init; }

    public bool? Hdr { get; init; }

    /// <summary>For a multiplier: the input video's seconds are billed on top of the output's.</summary>
    public bool AddsInputVideoSeconds { get; init; }

    /// <summary>For a multiplier: the unit of the rows it applies to; null for all.</summary>
    public RateUnit? OnUnit { get; init; }

    /// <summary>For a reference row: whose price it is (an aggregator, a consumer app).</summary>
    public string? Provider { get; init; }

    public string? Model { get; init; }

    public StatedFigures? Stated { get; init; }

    /// <summary>
    /// The source gives only a floor ("from about 0.32 USD per generation"). Such a row must be limited, by its resolution
    /// and maxSeconds, to the smallest request it describes: a larger one costs more by an amount no source gives, so it is
    /// left unpriced (no quote, no reservation) rather than priced at the floor.
    /// </summary>
    public bool Minimum { get; init; }

    /// <summary>What this row assumes beyond its source; a quote that uses the row rests on it.</summary>
    public string? Assumption { get; init; }

    public string? Note { get; init; }

    [JsonIgnore]
    public bool IsQuotable => (Use ?? (Routes.Count > 0 ? RateUse.Quote : RateUse.Reference)) == RateUse.Quote;
}

/// <summary>A fixed-length clip's price: USD for <see cref="RateUnit.FixedClip"/>, resource units for <see cref="RateUnit.ResourceUnitsPerClip"/>.</summary>
public sealed record ClipPrice(int Seconds, decimal Amount, string? Assumption = null);

/// <summary>Figures a source printed alongside its rate, kept to check that they reconcile.</summary>
public sealed record StatedFigures
{
    public decimal? UsdPerSecond { get; init; }

    public decimal? UsdPerClip { get; init; }

    public int? ClipSeconds { get; init; }

    public decimal? Credits { get; init; }

    public decimal? UsdPerCredit { get; init; }

    /// <summary>The resolution (16:9) a stated per-second figure was quoted at, for token-formula rows.</summary>
    public string? Resolution { get; init; }

    public decimal? BatchUsd { get; init; }

    public int? BatchClips { get; init; }
}
