using Orchestrator.Durable.Client.Entities;

namespace Orchestrator.Durable.Client;

/// <summary>Starts, queries, signals and manages orchestration instances (mirrors Microsoft.DurableTask.Client).</summary>
public abstract class DurableTaskClient(string name) : IAsyncDisposable
{
    public string Name { get; } = name;

    public virtual DurableEntityClient Entities => throw new NotSupportedException($"{GetType()} does not support durable entities.");

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);

    /// <summary>Schedules an instance; with a given id that is already Pending/Running/Suspended, returns that id and starts nothing.</summary>
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

    public virtual Task RaiseEventAsync(string instanceId, string eventName, CancellationToken cancellation)
        => RaiseEventAsync(instanceId, eventName, null, cancellation);

    public abstract Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, CancellationToken cancellation)
        => WaitForInstanceStartAsync(instanceId, false, cancellation);

    public abstract Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellation)
        => WaitForInstanceCompletionAsync(instanceId, false, cancellation);

    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public virtual Task TerminateInstanceAsync(string instanceId, CancellationToken cancellation)
        => TerminateInstanceAsync(instanceId, (TerminateInstanceOptions?)null, cancellation);

    public virtual Task TerminateInstanceAsync(string instanceId, object? output, CancellationToken cancellation = default)
        => TerminateInstanceAsync(instanceId, output is null ? null : new TerminateInstanceOptions(output), cancellation);

    public abstract Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default);

    public virtual Task SuspendInstanceAsync(string instanceId, CancellationToken cancellation)
        => SuspendInstanceAsync(instanceId, null, cancellation);

    public abstract Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    public virtual Task ResumeInstanceAsync(string instanceId, CancellationToken cancellation)
        => ResumeInstanceAsync(instanceId, null, cancellation);

    public abstract Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
        => GetInstanceAsync(instanceId, false, cancellation);

    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public virtual Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, CancellationToken cancellation)
        => GetInstancesAsync(instanceId, false, cancellation);

    public abstract Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public abstract AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null);

    public virtual Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation)
        => PurgeInstanceAsync(instanceId, null, cancellation);

    /// <summary>Deletes a finished (Completed/Failed/Terminated) instance and its history.</summary>
    public abstract Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default);

    public virtual Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation)
        => PurgeAllInstancesAsync(filter, null, cancellation);

    public abstract Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default);

    public abstract ValueTask DisposeAsync();
}
