using Orchestrator.Core;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>
/// The budget entities of a team: "@teambudget@{team}" holds the team's monthly ceiling, "@teambudget@{team}:{environment}"
/// the quota of one environment. A job reserves on both.
/// </summary>
public static class TeamBudgetIds
{
    private const char EnvironmentSeparator = ':';

    public static EntityInstanceId Team(string team) => new(WorkflowNames.TeamBudgetEntity, team);

    public static EntityInstanceId Environment(string team, JobEnvironment environment) =>
        new(WorkflowNames.TeamBudgetEntity, $"{team}{EnvironmentSeparator}{WireNames.Of(environment)}");

    /// <summary>The team an entity key ("team" or "team:environment") belongs to.</summary>
    public static string TeamOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return EnvironmentOf(key) is null ? key : key[..key.LastIndexOf(EnvironmentSeparator)];
    }

    /// <summary>The environment an entity key names, or null for a team key.</summary>
    public static JobEnvironment? EnvironmentOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var split = key.LastIndexOf(EnvironmentSeparator);
        if (split < 0)
        {
            return null;
        }
        return WireNames.TryParse<JobEnvironment>(key[(split + 1)..], out var environment)
            ? environment
            : throw new ArgumentException($"'{key}' is not a team budget key (team or team:environment).", nameof(key));
    }
}
