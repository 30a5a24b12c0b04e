using Orchestrator.Core.Jobs;
using Orchestrator.Core.Routing;

namespace Orchestrator.Vendors.Tests.Support;

/// <summary>Job requests and submissions on the shipped routes, each with a unique marker in its prompt.</summary>
internal static class Jobs
{
    private static int counter;

    public static string Marker(string name) => $"[{name}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid():N}]";

    public static RouteDefinition Route(string id) => RouteCatalog.Default.Get(id);

    public static JobRequest Request(string prompt, int seconds = 5, Resolution resolution = Resolution.P720, string ratio = "16:9", AudioMode audio = AudioMode.None,
        IReadOnlyList<JobReference>? references = null, IReadOnlyList<Shot>? shots = null, JobIntent intent = JobIntent.Generate) => new()
        {
            Team = "studio-a",
            Prompt = prompt,
            DurationSeconds = seconds,
            Resolution = resolution,
            AspectRatio = ratio,
            Audio = audio,
            References = references ?? [],
            Shots = shots ?? [],
            Intent = intent,
        };

    public static SubmitRequest Submit(string routeId, JobRequest job, string? key = null, Uri? webhook = null) =>
        new(job, Route(routeId), key ?? $"job-{Guid.NewGuid():N}-a1", webhook);

    /// <summary>A typical submission for a route, at a length and format the route offers.</summary>
    public static SubmitRequest For(string routeId, string marker, Uri? webhook = null, string? key = null)
    {
        var route = Route(routeId);
        var format = route.Formats[0];
        var seconds = route.Durations.Contains(5) ? 5 : route.Durations[0];
        var mode = route.Modes.ContainsKey(InputMode.TextToVideo) ? InputMode.TextToVideo : route.Modes.Keys.First();
        IReadOnlyList<JobReference> references = mode == InputMode.ImageToVideo ? [new JobReference(ReferenceKind.Image, "https://example.com/start.png")] : [];
        return Submit(routeId, Request($"a lighthouse at dusk {marker}", seconds, format.Resolution, format.AspectRatios[0], references: references), key, webhook);
    }
}
