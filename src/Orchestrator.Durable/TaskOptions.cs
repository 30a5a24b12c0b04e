namespace Orchestrator.Durable;

/// <summary>Options for a scheduled activity or sub-orchestration (mirrors Microsoft.DurableTask.TaskOptions).</summary>
public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry = null)
    {
        Retry = retry;
    }

    public TaskOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Retry = options.Retry;
    }

    /// <summary>The retry options, if the task is retried on failure.</summary>
    public TaskRetryOptions? Retry { get; init; }

    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>Options for a sub-orchestration with the given instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(this, instanceId);
}

/// <summary>Task options that also name the sub-orchestration's instance id.</summary>
public record SubOrchestrationOptions : TaskOptions
{
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null)
        : base(retry)
    {
        InstanceId = instanceId;
    }

    public SubOrchestrationOptions(TaskOptions options, string? instanceId = null)
        : base(options)
    {
        InstanceId = instanceId ?? (options as SubOrchestrationOptions)?.InstanceId;
    }

    /// <summary>The sub-orchestration's instance id; a deterministic new GUID when null.</summary>
    public string? InstanceId { get; init; }
}

/// <summary>Options for starting an orchestration from a client or an entity.</summary>
public record StartOrchestrationOptions
{
#pragma warning disable CA1707, IDE1006 // positional names match the real record's constructor
    public StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
#pragma warning restore CA1707, IDE1006
    {
        this.InstanceId = InstanceId;
        this.StartAt = StartAt;
    }

    /// <summary>The instance id; a new GUID when null. Starting an id that is running returns the existing instance.</summary>
    public string? InstanceId { get; init; }

    /// <summary>When the orchestration starts; immediately when null or in the past.</summary>
    public DateTimeOffset? StartAt { get; init; }
}
