using System.Globalization;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors;

/// <summary>The pieces of a job request that several vendors' request builders share.</summary>
internal static class SubmitRequestParts
{
    public static string Seconds(this SubmitRequest request) => request.Job.DurationSeconds.ToString(CultureInfo.InvariantCulture);

    public static string Resolution(this SubmitRequest request) => WireNames.Of(request.Job.Resolution);

    public static bool WantsAudio(this SubmitRequest request) => request.Job.Audio != AudioMode.None;

    /// <summary>The route's own size value for the format ("1280x720", "1280:720"), else width x height.</summary>
    public static string Size(this SubmitRequest request, char separator = 'x') =>
        request.Route.FormatFor(request.Job.Resolution)?.SizeFor(request.Job.AspectRatio)
        ?? FrameSize.Of(request.Job.Resolution, request.Job.AspectRatio).ToString().Replace('x', separator);

    /// <summary>The route's quality switch for the resolution (Kling "std"/"pro").</summary>
    public static string? Mode(this SubmitRequest request) => request.Route.FormatFor(request.Job.Resolution)?.Mode;

    public static IReadOnlyList<JobReference> Of(this SubmitRequest request, ReferenceKind kind) => [.. request.Job.References.Where(reference => reference.Kind == kind)];

    /// <summary>
    /// Role tags as a sentence appended to the prompt ("@image1 is the character; @video1 is the scene"), numbered per kind in
    /// request order, the way Seedance prompts address references. Null when no reference has a role.
    /// </summary>
    public static string? RoleLegend(this SubmitRequest request)
    {
        var counters = new Dictionary<ReferenceKind, int>();
        var parts = new List<string>();
        foreach (var reference in request.Job.References)
        {
            counters[reference.Kind] = counters.GetValueOrDefault(reference.Kind) + 1;
            if (reference.Role is { } role)
            {
                parts.Add($"@{WireNames.Of(reference.Kind)}{counters[reference.Kind]} is the {WireNames.Of(role)}");
            }
        }
        return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
    }

    /// <summary>A storyboard shot's prompt with its shot type as words ("... (close up shot)"), for vendors without a shot-type field (Kling).</summary>
    public static string PromptWithType(this Shot shot) => shot.ShotType is null ? shot.Prompt : $"{shot.Prompt} ({shot.ShotType.Replace('_', ' ')} shot)";

    /// <summary>The prompt with the role legend appended when there is one.</summary>
    public static string PromptWithRoles(this SubmitRequest request) => request.RoleLegend() is { } legend ? $"{request.Job.Prompt}\n{legend}" : request.Job.Prompt;
}
