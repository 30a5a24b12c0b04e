using System.Text.Json.Serialization;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// A request for one clip (a job), as accepted after validation. Build it from untrusted JSON with
/// <see cref="JobRequestParser"/>; write and read it with <see cref="CoreJson.Options"/>.
/// </summary>
public sealed record JobRequest
{
    /// <summary>The value of <see cref="Route"/> that lets the router choose.</summary>
    public const string AutoRoute = "auto";

    public required string Team { get; init; }

    public JobEnvironment Environment { get; init; } = JobEnvironment.Sandbox;

    public required string Prompt { get; init; }

    /// <summary>Seconds of output; with storyboard shots, the sum of their seconds.</summary>
    public required int DurationSeconds { get; init; }

    public Resolution Resolution { get; init; } = Resolution.P720;

    /// <summary>Width to height, e.g. "16:9".</summary>
    public string AspectRatio { get; init; } = "16:9";

    public AudioMode Audio { get; init; } = AudioMode.None;

    public IReadOnlyList<JobReference> References { get; init; } = [];

    /// <summary>Storyboard shots for multi-shot generation in one call; empty for a single shot.</summary>
    public IReadOnlyList<Shot> Shots { get; init; } = [];

    public JobIntent Intent { get; init; } = JobIntent.Generate;

    public bool Hdr { get; init; }

    /// <summary><see cref="AutoRoute"/>, or a route id that pins the job to that route (no failover).</summary>
    public string Route { get; init; } = AutoRoute;

    /// <summary>A rate source key that overrides the configured source of record for this job's quotes.</summary>
    public string? PriceSource { get; init; }

    public int? MaxRegenerations { get; init; }

    public string? IdempotencyKey { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    [JsonIgnore]
    public bool IsRoutePinned => !string.Equals(Route, AutoRoute, StringComparison.Ordinal);

    [JsonIgnore]
    public InputMode InputMode => InputModes.Of(this);

    public int CountReferences(ReferenceKind kind) => References.Count(reference => reference.Kind == kind);
}

/// <summary>An image, video or audio the model must use. <see cref="Seconds"/> is the length of a video or audio reference, when known.</summary>
public sealed record JobReference(ReferenceKind Kind, string Uri, ReferenceRole? Role = null, decimal? Seconds = null);

/// <summary>One cut of a storyboard. <see cref="ShotType"/> is one of <see cref="JobRequestLimits.ShotTypes"/>.</summary>
public sealed record Shot(int Seconds, string Prompt, string? ShotType = null);
