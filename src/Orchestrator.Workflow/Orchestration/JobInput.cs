using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// The orchestration's input: the request, who started it and how, the policy captured at start, and (after a
/// ContinueAsNew) the state it carries on from.
/// </summary>
public sealed record JobInput
{
    public required JobRequest Request { get; init; }

    /// <summary>The key the instance id was made from: the request's, or one derived from its canonical JSON.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The API key (its id, never the secret) that started the job.</summary>
    public string? KeyId { get; init; }

    public JobPolicy Policy { get; init; } = new();

    /// <summary>Set only by the orchestration itself when it continues as new during a long wait.</summary>
    public JobState? Resume { get; init; }
}
