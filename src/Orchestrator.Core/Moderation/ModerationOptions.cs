namespace Orchestrator.Core.Moderation;

/// <summary>Moderation settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed record ModerationOptions
{
    public const string SectionName = "Orchestrator:Moderation";

    /// <summary>Keep the built-in categories (<see cref="BuiltInModerationCategories"/>); configured categories add to them or replace one of the same name.</summary>
    public bool UseBuiltInCategories { get; init; } = true;

    public IList<ModerationCategory> Categories { get; init; } = [];

    /// <summary>Phrases that never block, even when they contain a blocked term (e.g. "bath bomb", "gore-tex").</summary>
    public IList<string> AllowList { get; init; } = [];

    /// <summary>The remote service to ask after the local policy allows: "" (none), "openai" or "azure-content-safety". The host wires the client.</summary>
    public string RemoteProvider { get; init; } = string.Empty;

    /// <summary>What to do when the remote service fails or times out.</summary>
    public ModerationFailMode FailMode { get; init; } = ModerationFailMode.Closed;

    public TimeSpan RemoteTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// A category of blocked content: words or phrases, matched case- and obfuscation-aware and with their regular endings
/// ("pipe bomb" also blocks "pipebombs", "pipe-bomb"; "beheading" also "beheaded"), and regular expressions.
/// </summary>
public sealed record ModerationCategory
{
    public string Name { get; init; } = string.Empty;

    public IList<string> Terms { get; init; } = [];

    /// <summary>Regular expressions over the normalised text: lower case, look-alike characters and digits mapped to letters, words joined by single spaces.</summary>
    public IList<string> Patterns { get; init; } = [];
}

public enum ModerationFailMode
{
    /// <summary>Block when the remote service cannot answer: nothing unchecked is submitted (and paid for).</summary>
    Closed,

    /// <summary>Allow on the local policy alone when the remote service cannot answer.</summary>
    Open,
}
