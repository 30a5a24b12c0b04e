namespace Orchestrator.Core.Moderation;

/// <summary>Allowed, or blocked with the categories that matched. A blocked prompt is never submitted.</summary>
public sealed record ModerationVerdict(bool Allowed, IReadOnlyList<ModerationFlag> Flags, string? Note = null)
{
    public static ModerationVerdict Allow(string? note = null) => new(true, [], note);

    public IReadOnlyList<string> Categories => [.. Flags.Select(flag => flag.Category).Distinct(StringComparer.Ordinal)];
}

/// <summary>One match: its category, who found it ("local" or the remote service's name) and which term or pattern matched (never the prompt itself).</summary>
public sealed record ModerationFlag(string Category, string Source, string Match);
