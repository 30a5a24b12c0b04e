namespace Orchestrator.Core.Moderation;

/// <summary>
/// A remote moderation service (OpenAI moderations, Azure AI Content Safety) asked after the local policy allows.
/// Implementations live with the host, which does the HTTP; they throw on failure and the gate applies the fail mode.
/// </summary>
public interface IRemoteModerationService
{
    /// <summary>The service's name, recorded on its flags (e.g. "openai", "azure-content-safety").</summary>
    string Name { get; }

    Task<RemoteModerationResult> CheckAsync(string text, CancellationToken cancellationToken);
}

/// <summary>The remote service's answer: flagged or not, and the categories it named.</summary>
public sealed record RemoteModerationResult(bool Flagged, IReadOnlyList<string> Categories);
