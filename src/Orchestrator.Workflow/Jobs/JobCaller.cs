namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// Who is asking, as the host resolved their API key: the key's id (never its secret), the team it belongs to (null for
/// an admin key that spans teams), whether it is an admin key, and the environment it is bound to, if any.
/// </summary>
public sealed record JobCaller(string KeyId, string? Team, bool IsAdmin, string? Environment = null)
{
    /// <summary>Whether this caller may start or see jobs of <paramref name="team"/>.</summary>
    public bool MaySee(string team) => IsAdmin || string.Equals(Team, team, StringComparison.Ordinal);
}
