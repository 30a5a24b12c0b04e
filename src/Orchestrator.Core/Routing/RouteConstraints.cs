using System.Globalization;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Routing;

/// <summary>The hard constraints: every reason a route cannot take a request, in words a person reads.</summary>
internal static class RouteConstraints
{
    private static readonly ReferenceRole[] TagRoles = [ReferenceRole.Character, ReferenceRole.Product, ReferenceRole.Style, ReferenceRole.Scene];

    public static List<string> Check(RouteDefinition route, JobRequest request, RoutingOptions options, DateTimeOffset asOf)
    {
        var reasons = new List<string>();
        if (options.DisabledRoutes.Contains(route.Id))
        {
            reasons.Add("disabled by configuration (Orchestrator:Routing:DisabledRoutes)");
        }
        if (route.IsSunsetAt(asOf) && !options.SunsetOverrides.Contains(route.Id))
        {
            reasons.Add($"past its sunset on {route.Sunset:yyyy-MM-dd} as of {asOf.UtcDateTime:yyyy-MM-dd} (Orchestrator:Routing:SunsetOverrides re-enables it)");
        }
        var mode = request.InputMode;
        if (route.ModelFor(mode) is null)
        {
            reasons.Add($"does not take {WireNames.Of(mode)} input (takes {string.Join(", ", route.Modes.Keys.Select(WireNames.Of))})");
        }
        if (!route.Durations.Contains(request.DurationSeconds))
        {
            reasons.Add($"does not offer {request.DurationSeconds} s (offers {Seconds(route.Durations)})");
        }
        CheckFormat(route, request, reasons);
        if (!route.Audio.Contains(request.Audio))
        {
            reasons.Add($"does not offer audio {WireNames.Of(request.Audio)} (offers {string.Join(", ", route.Audio.Select(WireNames.Of))})");
        }
        CheckReferences(route, request, reasons);
        CheckShots(route, request, reasons);
        if (request.Hdr && !route.Hdr)
        {
            reasons.Add("does not output HDR");
        }
        return reasons;
    }

    private static void CheckFormat(RouteDefinition route, JobRequest request, List<string> reasons)
    {
        var format = route.FormatFor(request.Resolution);
        if (format is null)
        {
            reasons.Add($"does not offer {WireNames.Of(request.Resolution)} (offers {string.Join(", ", route.Formats.Select(f => WireNames.Of(f.Resolution)))})");
        }
        else if (!format.AspectRatios.Contains(request.AspectRatio))
        {
            reasons.Add($"does not offer aspect ratio {request.AspectRatio} at {WireNames.Of(request.Resolution)} (offers {string.Join(", ", format.AspectRatios)})");
        }
    }

    private static void CheckReferences(RouteDefinition route, JobRequest request, List<string> reasons)
    {
        var limits = route.References;
        foreach (var (kind, limit) in new[] { (ReferenceKind.Image, limits.Images), (ReferenceKind.Video, limits.Videos), (ReferenceKind.Audio, limits.Audio) })
        {
            var count = request.CountReferences(kind);
            if (count > limit)
            {
                var name = WireNames.Of(kind);
                reasons.Add(limit == 0 ? $"takes no {name} references (got {count})" : $"takes at most {limit} {name} reference{(limit == 1 ? string.Empty : "s")} (got {count})");
            }
        }
        if (!limits.RoleTags)
        {
            var tagged = request.References.Select((reference, index) => (reference, index)).Where(pair => pair.reference.Role is { } role && TagRoles.Contains(role)).ToList();
            if (tagged.Count > 0)
            {
                var (reference, index) = tagged[0];
                reasons.Add($"does not understand role tags ({WireNames.Of(reference.Role!.Value)} on references[{index}])");
            }
        }
    }

    private static void CheckShots(RouteDefinition route, JobRequest request, List<string> reasons)
    {
        if (request.Shots.Count == 0)
        {
            return;
        }
        if (route.MultiShot is not { } multiShot)
        {
            reasons.Add($"cannot make a storyboard in one call ({request.Shots.Count} shots)");
            return;
        }
        if (request.Shots.Count > multiShot.MaxShots)
        {
            reasons.Add($"takes at most {multiShot.MaxShots} shots (got {request.Shots.Count})");
        }
        if (!multiShot.TotalSeconds.Contains(request.DurationSeconds))
        {
            reasons.Add($"storyboard shots must add up to {string.Join(", ", multiShot.TotalSeconds.Select(s => s.ToString(CultureInfo.InvariantCulture)))} s (got {request.DurationSeconds} s)");
        }
    }

    /// <summary>"4, 8, 12 s" or, for a run of whole seconds, "3-15 s".</summary>
    public static string Seconds(IReadOnlyList<int> durations) =>
        durations.Count > 3 && durations[^1] - durations[0] == durations.Count - 1
            ? $"{durations[0]}-{durations[^1]} s"
            : $"{string.Join(", ", durations)} s";
}
