using System.Text.RegularExpressions;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Routing;

/// <summary>
/// A practitioner rule (routing-and-policy.md): when it applies to a request, and which routes it prefers. The router tries
/// the rules in order; the first that applies and has an eligible route chooses the cheapest of its eligible routes.
/// </summary>
/// <param name="Id">Stable id, used in configuration and explanations.</param>
/// <param name="Summary">The rule as practitioners state it.</param>
/// <param name="Routes">The routes it prefers, in order of preference when prices tie.</param>
/// <param name="Applies">Why the rule applies to a request, or null when it does not.</param>
public sealed record RoutingRule(string Id, string Summary, IReadOnlyList<string> Routes, Func<JobRequest, RoutingOptions, string?> Applies);

/// <summary>The built-in rules, in the order they are tried.</summary>
public static partial class RoutingRules
{
    public const string Default = "default";

    /// <summary>The tag that marks a cheap draft: tags.quality = "draft".</summary>
    public const string DraftTag = "quality";

    /// <summary>Words that mark physics-heavy content or hero shots, unless configuration names its own.</summary>
    public static IReadOnlyList<string> DefaultPhysicsTerms { get; } =
    [
        "fluid", "liquid", "water", "waterfall", "ocean", "waves", "splash", "rain", "crowd", "crowds",
        "cloth", "fabric", "flag", "fire", "flames", "smoke", "explosion", "hero shot",
    ];

    public static IReadOnlyList<RoutingRule> All { get; } =
    [
        new("locked-cast", "a named character with a lookbook, or many mixed references -> Seedance 2.0",
            ["fal/seedance-2.0", "byteplus/seedance-2.0"], LockedCast),
        new("storyboard", "a shot list with 3 or more cuts in one call -> Kling 3.0 Pro storyboard",
            ["fal/kling-v3-pro", "kling/kling-v3"], (request, _) => request.Shots.Count >= 3 ? $"{request.Shots.Count} shots" : null),
        new("physics-hero", "physics-heavy content (fluid, water, crowd, cloth, fire) or cinematic hero shots -> Sora 2 Pro",
            ["openai/sora-2-pro"], PhysicsHero),
        new("long-form", "clips longer than 15 s -> Sora 2 Pro long-form (up to 25 s)",
            ["openai/sora-2-pro"], (request, _) => request.DurationSeconds > 15 ? $"{request.DurationSeconds} s is longer than 15 s" : null),
        new("edit-footage", "editing existing footage (relight, remove object, restyle) -> Runway",
            ["runway/gen4"], (request, _) => request.Intent == JobIntent.Edit ? "intent is edit" : null),
        new("hdr-grading", "HDR / EXR for a colour-grading pipeline -> Luma",
            ["luma/ray-3"], (request, _) => request.Hdr ? "HDR is requested" : null),
        new("cheap-drafts", "high-volume cheap drafts -> Pika, or Kling 3.0 Standard without audio",
            ["fal/pika-v2.2", "fal/kling-v3-standard"],
            (request, _) => request.Tags.TryGetValue(DraftTag, out var quality) && string.Equals(quality, "draft", StringComparison.OrdinalIgnoreCase) ? "tagged quality=draft" : null),
        new(Default, "otherwise -> Kling 3.0 Standard, the cheapest production tier",
            ["fal/kling-v3-standard", "kling/kling-v3"], (_, _) => "no other rule chose"),
    ];

    private static string? LockedCast(JobRequest request, RoutingOptions options)
    {
        if (request.References.FirstOrDefault(reference => reference.Role == ReferenceRole.Character) is not null)
        {
            return "a character reference locks the cast";
        }
        var kinds = request.References.Select(reference => reference.Kind).Distinct().ToList();
        if (kinds.Count >= 2)
        {
            return $"mixed references ({string.Join(" + ", kinds.Select(WireNames.Of))})";
        }
        return request.References.Count > 3 ? $"{request.References.Count} references" : null;
    }

    private static string? PhysicsHero(JobRequest request, RoutingOptions options)
    {
        var terms = options.PhysicsTerms.Count > 0 ? (IEnumerable<string>)options.PhysicsTerms : DefaultPhysicsTerms;
        var text = string.Join('\n', request.Shots.Select(shot => shot.Prompt).Prepend(request.Prompt));
        var found = terms.FirstOrDefault(term => Regex.IsMatch(text, $@"\b{Regex.Escape(term)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        return found is null ? null : $"the prompt mentions \"{found}\"";
    }
}
