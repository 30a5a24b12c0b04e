using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Security;

/// <summary>Who is calling: the API key's id, its team (null for an admin key of no team), whether it is an admin key, and the one environment it may use.</summary>
public sealed record ApiCaller(string KeyId, string? Team, bool IsAdmin, string? Environment)
{
    /// <summary>Whether this caller may see and manage a job of <paramref name="team"/>.</summary>
    public bool CanAccess(string? team) => IsAdmin || (Team is not null && string.Equals(Team, team, StringComparison.Ordinal));

    /// <summary>The caller as the workflow records it on the jobs it starts (the key's id, never the key).</summary>
    public JobCaller ToJobCaller() => new(KeyId, Team, IsAdmin, Environment);

    public override string ToString() => IsAdmin ? $"{KeyId} (admin)" : $"{KeyId} (team {Team})";
}
