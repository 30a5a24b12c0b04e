using Orchestrator.Durable.Client;

namespace Orchestrator.Host.Management;

/// <summary>Tells whose an orchestration instance is, so a team's API key sees and manages only its team's instances.</summary>
public interface IInstanceOwnership
{
    /// <summary>The team of an instance read with its inputs; null when it is no team's (then only admin keys see it).</summary>
    string? TeamOf(OrchestrationMetadata instance);

    /// <summary>A prefix every instance id of <paramref name="team"/> starts with (so a team's list is one range of ids); null when ids do not carry the team.</summary>
    string? InstanceIdPrefixOf(string team);
}
