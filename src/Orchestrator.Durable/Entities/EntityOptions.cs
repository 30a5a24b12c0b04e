namespace Orchestrator.Durable.Entities;

/// <summary>Options for calling an entity from an orchestration.</summary>
public record CallEntityOptions;

/// <summary>Options for signalling an entity.</summary>
public record SignalEntityOptions
{
    /// <summary>When the signal is delivered; immediately when null.</summary>
    public DateTimeOffset? SignalTime { get; init; }
}
