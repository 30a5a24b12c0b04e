namespace Orchestrator.Durable.Client;

/// <summary>A filter for querying orchestration instances, a page at a time.</summary>
public record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
    IEnumerable<string>? TaskHubNames = null,
    string? InstanceIdPrefix = null,
    int PageSize = OrchestrationQuery.DefaultPageSize,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null)
{
    public const int DefaultPageSize = 100;
}

/// <summary>Which finished instances to purge.</summary>
public record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>Options for purging one instance.</summary>
public record PurgeInstanceOptions(bool Recursive = false);

/// <summary>Options for terminating an instance.</summary>
public record TerminateInstanceOptions(object? Output = null, bool Recursive = false);

/// <summary>How many instances a purge removed.</summary>
public class PurgeResult(int count)
{
    public int PurgedInstanceCount { get; } = count;
}
