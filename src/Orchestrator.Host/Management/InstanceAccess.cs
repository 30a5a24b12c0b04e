using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Management;

/// <summary>Reads instances on behalf of a caller: an instance of another team is, to that caller, an instance that does not exist.</summary>
public sealed class InstanceAccess(DurableEngineClient client, IInstanceOwnership ownership)
{
    public DurableEngineClient Client => client;

    /// <summary>The instance (with inputs and outputs) if it exists and the caller may see it.</summary>
    public async Task<OrchestrationMetadata?> FindAsync(JobCaller caller, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return instance is not null && caller.MaySee(ownership.TeamOf(instance)) ? instance : null;
    }

    /// <summary>
    /// One page of instances matching <paramref name="query"/> that the caller may see, and the token of the next page.
    /// A team key's query is narrowed to its team's id prefix when ids carry the team; otherwise the page is filtered
    /// (and may hold fewer than the page size while more pages follow).
    /// </summary>
    public async Task<(IReadOnlyList<OrchestrationMetadata> Items, string? Next)> PageAsync(
        JobCaller caller, OrchestrationQuery query, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            if (caller.Team is null)
            {
                return ([], null);
            }
            if (ownership.InstanceIdPrefixOf(caller.Team) is { } teamPrefix)
            {
                // The asked prefix narrowed to the team's: a longer one inside the team's range stays, a shorter one that
                // covers it becomes the team's, and one outside it matches nothing this caller may see.
                var requested = query.InstanceIdPrefix ?? string.Empty;
                if (!requested.StartsWith(teamPrefix, StringComparison.Ordinal))
                {
                    if (!teamPrefix.StartsWith(requested, StringComparison.Ordinal))
                    {
                        return ([], null);
                    }
                    query = query with { InstanceIdPrefix = teamPrefix };
                }
            }
        }
        var scoped = query with { FetchInputsAndOutputs = true };
        await foreach (var page in client.GetAllInstancesAsync(scoped).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellationToken))
        {
            var visible = caller.IsAdmin ? page.Values : [.. page.Values.Where(instance => caller.MaySee(ownership.TeamOf(instance)))];
            return (visible, page.ContinuationToken);
        }
        return ([], null);
    }
}
