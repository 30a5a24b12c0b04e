using Orchestrator.Core.Jobs;
using Orchestrator.Core.Routing;

namespace Orchestrator.Workflow.Tests.Support;

/// <summary>Job requests with a unique team and a unique marker in the prompt (emulator scripts and inspection key on it).</summary>
internal static class Requests
{
    private static int counter;

    public static string Team(string name = "team") => $"{name}-{Interlocked.Increment(ref counter)}-{Random.Shared.Next(0x1000, 0xFFFF):x4}";

    public static string Marker(string name) => $"[{name.Replace('/', '-')}-{Interlocked.Increment(ref counter)}-{Random.Shared.Next(0x10000, 0xFFFFF):x5}]";

    /// <summary>A plain text-to-video request the router places itself (a 5 s 720p clip without audio).</summary>
    public static JobRequest Auto(string team, string marker) => new()
    {
        Team = team,
        Prompt = $"a lighthouse at dusk {marker}",
        DurationSeconds = 5,
        IdempotencyKey = marker,
    };

    /// <summary>A request pinned to <paramref name="routeId"/>, at a length and format the route offers.</summary>
    public static JobRequest Pinned(string team, string routeId, string marker)
    {
        var route = RouteCatalog.Default.Get(routeId);
        var format = route.Formats[0];
        return Auto(team, marker) with
        {
            Route = routeId,
            DurationSeconds = route.Durations.Contains(5) ? 5 : route.Durations[0],
            Resolution = format.Resolution,
            AspectRatio = format.AspectRatios[0],
        };
    }
}
