using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Pricing;

/// <summary>Whether a rate row's dimensions fit a request. A null dimension fits any value.</summary>
internal static class RowMatcher
{
    public static bool Matches(RateRow row, JobRequest request, InputMode mode) =>
        row.Tier is null
        && (row.Resolution is null || row.Resolution == WireNames.Of(request.Resolution))
        && (row.Audio is null || row.Audio == request.Audio)
        && (row.InputModes is null || row.InputModes.Contains(mode))
        && (row.MinSeconds is null || request.DurationSeconds >= row.MinSeconds)
        && (row.MaxSeconds is null || request.DurationSeconds <= row.MaxSeconds)
        && (row.VideoInput is null || row.VideoInput == request.References.Any(reference => reference.Kind == ReferenceKind.Video))
        && (row.Hdr is null || row.Hdr == request.Hdr);

    /// <summary>Fixed-length rows price only their own lengths.</summary>
    public static bool FitsClip(RateRow row, int seconds) =>
        (row.Clips is null || row.Clips.Any(clip => clip.Seconds == seconds))
        && (row.Unit != RateUnit.CreditsPerClip || row.ClipSeconds == seconds);

    public static int Specificity(RateRow row) =>
        new object?[] { row.Resolution, row.Audio, row.InputModes, row.MinSeconds ?? row.MaxSeconds, row.VideoInput, row.Hdr }.Count(value => value is not null);
}
