namespace Orchestrator.Core.Moderation;

/// <summary>
/// A small built-in policy so a fresh install blocks the clearest abuse. Operators extend or replace it through
/// configuration (Orchestrator:Moderation:Categories) and should add a remote service for broad coverage.
/// </summary>
public static class BuiltInModerationCategories
{
    public static IReadOnlyList<ModerationCategory> All { get; } =
    [
        new()
        {
            Name = "sexual/minors",
            Terms = ["csam"],
            Patterns = [@"\b(child|children|minor|minors|underage|kid|kids|preteen)\s+(porn\w*|nude\w*|naked|sex\w*|erotic\w*)"],
        },
        new()
        {
            Name = "violence/graphic",
            Terms = ["beheading", "decapitation", "dismemberment", "gore", "snuff film"],
        },
        new()
        {
            Name = "weapons/instructions",
            Terms = ["pipe bomb", "nerve agent", "build a bomb", "make a bomb"],
        },
        new()
        {
            Name = "self-harm",
            Terms = ["how to kill myself", "suicide tutorial"],
        },
    ];

    /// <summary>Everyday phrases that contain a built-in term.</summary>
    public static IReadOnlyList<string> AllowList { get; } = ["gore-tex", "al gore"];
}
