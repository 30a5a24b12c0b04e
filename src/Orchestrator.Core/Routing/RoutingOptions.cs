namespace Orchestrator.Core.Routing;

/// <summary>Routing settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed record RoutingOptions
{
    public const string SectionName = "Orchestrator:Routing";

    /// <summary>A route definitions file that replaces the one shipped with Core; empty for the shipped one.</summary>
    public string? RoutesPath { get; init; }

    /// <summary>Routes the router must not choose (a vendor outage, a contract not signed).</summary>
    public IList<string> DisabledRoutes { get; init; } = [];

    /// <summary>Routes past their sunset date that an operator re-enables (the vendor extended its deadline).</summary>
    public IList<string> SunsetOverrides { get; init; } = [];

    /// <summary>Practitioner rules to skip, by id (see <see cref="RoutingRules"/>).</summary>
    public IList<string> DisabledRules { get; init; } = [];

    /// <summary>Replaces the routes a rule prefers, e.g. rule "default" -> ["kling/kling-v3"].</summary>
    public IList<RulePreference> PreferredRoutes { get; init; } = [];

    /// <summary>Words that mark physics-heavy or hero content for rule "physics-hero"; empty keeps the built-in list.</summary>
    public IList<string> PhysicsTerms { get; init; } = [];
}

/// <summary>The routes a rule prefers, in order of preference when prices tie.</summary>
public sealed record RulePreference
{
    public string Rule { get; init; } = string.Empty;

    public IList<string> Routes { get; init; } = [];
}
