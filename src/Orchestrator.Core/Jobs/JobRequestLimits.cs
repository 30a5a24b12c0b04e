namespace Orchestrator.Core.Jobs;

/// <summary>The limits of the job contract. Route-specific limits live with each route; these bound what any route could take.</summary>
public static class JobRequestLimits
{
    public const int MaxRequestBytes = 1024 * 1024;
    public const int MaxTeamLength = 64;
    public const int MinPromptLength = 1;
    public const int MaxPromptLength = 32_000;
    public const int MinDurationSeconds = 1;
    public const int MaxDurationSeconds = 30;

    /// <summary>The most any route accepts (Seedance 2.0: 9 images, 3 videos, 3 audio).</summary>
    public const int MaxImageReferences = 9;
    public const int MaxVideoReferences = 3;
    public const int MaxAudioReferences = 3;
    public const int MaxUriLength = 2048;
    public const decimal MaxReferenceSeconds = 300m;

    /// <summary>Kling 3.0 storyboards: up to 6 cuts.</summary>
    public const int MaxShots = 6;
    public const int MinShotSeconds = 1;
    public const int MaxShotSeconds = 15;

    public const int MaxRegenerations = 10;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxTags = 20;
    public const int MaxTagKeyLength = 64;
    public const int MaxTagValueLength = 256;
    public const int MaxRouteIdLength = 100;

    /// <summary>Kling storyboard shot types (vendors.md).</summary>
    public static IReadOnlyList<string> ShotTypes { get; } =
    [
        "wide", "medium", "close_up", "extreme_close_up", "dolly_in", "dolly_out",
        "tracking", "orbit", "crane", "over_the_shoulder", "pov", "insert",
    ];
}
