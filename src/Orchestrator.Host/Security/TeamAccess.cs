using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Core.Jobs;
using Orchestrator.Host.Problems;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Security;

/// <summary>Checks a team named in a route or query: well formed (the job contract's rule), and the caller's own unless it is an admin.</summary>
public static partial class TeamAccess
{
    /// <summary>Null when the caller may act for <paramref name="team"/>; otherwise the problem to answer (400 malformed, 403 another team's).</summary>
    public static ProblemHttpResult? Check(JobCaller caller, string team, string parameter = "team")
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (team.Length > JobRequestLimits.MaxTeamLength || !TeamPattern().IsMatch(team))
        {
            return ApiProblems.InvalidParameter(parameter, $"'{team}' is not a team name (letters, digits, '.', '_', '-'; at most {JobRequestLimits.MaxTeamLength})");
        }
        return caller.MaySee(team) ? null : ApiProblems.Forbidden($"This API key belongs to team '{caller.Team}'; it cannot act for team '{team}'.");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex TeamPattern();
}
