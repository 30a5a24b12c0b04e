namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// Who is asking, as the host resolved their API key: the key's id (never its secret), the team it belongs to (null for
/// an admin key that spans teams), whether it is an admin key, and the environment it is bound to, if any.
/// </summary>
public sealed record JobCaller(string KeyId, string? Team, bool IsAdmin, string? Environment = null)
{
    /// <summary>Whether this caller may start, see and manage jobs of <paramref name="team"/> (a team key: only its own).</summary>
    public bool MaySee(string? team) => IsAdmin || (Team is not null && string.Equals(Team, team, StringComparison.Ordinal));

    public override string ToString() => IsAdmin ? $"{KeyId} (admin)" : $"{KeyId} (team {Team})";
}
