using Orchestrator.Durable.Client;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Management;

/// <summary>Job instance ids carry their team ("{team}~{hash}", see <see cref="JobInstanceId"/>): a team's instances are one prefix.</summary>
public sealed class JobOwnership : IInstanceOwnership
{
    public string? TeamOf(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return JobInstanceId.TeamOf(instance.InstanceId);
    }

    public string? InstanceIdPrefixOf(string team) => JobInstanceId.TeamPrefix(team);
}
