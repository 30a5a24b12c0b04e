using System.Text.Json.Serialization;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Routing;

/// <summary>The route definitions (Routing/routes.json, or an operator's file from <see cref="RoutingOptions.RoutesPath"/>), checked on load.</summary>
public sealed class RouteCatalog
{
    private const string ResourceName = "Orchestrator.Core.Routing.routes.json";
    private static readonly Lazy<RouteCatalog> Embedded = new(() => Load(null));
    private readonly Dictionary<string, RouteDefinition> byId;

    private RouteCatalog(IReadOnlyList<RouteDefinition> routes)
    {
        Routes = routes;
        byId = routes.ToDictionary(route => route.Id, StringComparer.Ordinal);
        Ids = byId.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The routes shipped with Core.</summary>
    public static RouteCatalog Default => Embedded.Value;

    public IReadOnlyList<RouteDefinition> Routes { get; }

    public IReadOnlySet<string> Ids { get; }

    /// <summary>The shipped routes, or those in <paramref name="overridePath"/> when given.</summary>
    public static RouteCatalog Load(string? overridePath) => From(DataFiles.Read<Document>(ResourceName, overridePath).Routes, overridePath ?? ResourceName);

    public static RouteCatalog Parse(Stream json) => From(DataFiles.Deserialize<Document>(json, "route definitions").Routes, "route definitions");

    public RouteDefinition? Find(string id) => byId.GetValueOrDefault(id);

    public RouteDefinition Get(string id) => Find(id) ?? throw new KeyNotFoundException($"No route '{id}'. Known routes: {string.Join(", ", byId.Keys)}.");

    private static RouteCatalog From(IReadOnlyList<RouteDefinition> routes, string origin)
    {
        var problems = new List<string>();
        foreach (var group in routes.GroupBy(route => route.Id, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            problems.Add($"Route {group.Key} is defined {group.Count()} times.");
        }
        foreach (var route in routes)
        {
            problems.AddRange(Check(route).Select(problem => $"Route {route.Id}: {problem}."));
        }
        if (problems.Count > 0)
        {
            throw new CatalogFormatException($"{origin} has {problems.Count} problem(s).", problems);
        }
        return new RouteCatalog(routes);
    }

    private static IEnumerable<string> Check(RouteDefinition route)
    {
        if (!route.Id.StartsWith(route.Vendor + "/", StringComparison.Ordinal))
        {
            yield return $"the id must start with its vendor '{route.Vendor}/'";
        }
        if (route.Modes.Count == 0)
        {
            yield return "no input mode";
        }
        if (route.Durations.Count == 0 || route.Durations.Zip(route.Durations.Skip(1)).Any(pair => pair.First >= pair.Second) || route.Durations[0] < 1)
        {
            yield return "durations must be positive and ascending";
        }
        if (route.Formats.Count == 0 || route.Formats.Any(format => format.AspectRatios.Count == 0))
        {
            yield return "every route needs formats, each with aspect ratios";
        }
        if (route.Formats.GroupBy(format => format.Resolution).Any(group => group.Count() > 1))
        {
            yield return "a resolution is listed twice";
        }
        if (route.Audio.Count == 0)
        {
            yield return "no audio mode (list 'none' for silent output)";
        }
        if (route.PollInterval <= TimeSpan.Zero || route.Timeout <= route.PollInterval)
        {
            yield return "the poll interval must be positive and shorter than the timeout";
        }
        if (route.MultiShot is { } multiShot && (multiShot.MaxShots < 2 || multiShot.MaxShots > JobRequestLimits.MaxShots || multiShot.TotalSeconds.Count == 0))
        {
            yield return "multiShot needs 2 to 6 shots and at least one total length";
        }
    }

    private sealed record Document
    {
        [JsonPropertyName("$comment")]
        public string? Comment { get; init; }

        public required IReadOnlyList<RouteDefinition> Routes { get; init; }
    }
}
