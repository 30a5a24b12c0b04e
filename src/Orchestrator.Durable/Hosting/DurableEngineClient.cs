using Orchestrator.Durable.Client;
using Orchestrator.Durable.Client.Entities;
using Orchestrator.Durable.Engine;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Hosting;

/// <summary>
/// The <see cref="DurableTaskClient"/> of an embedded engine. Beyond the standard operations it reads an
/// instance's history (for the management API's historyEvents).
/// </summary>
public sealed class DurableEngineClient : DurableTaskClient
{
    private readonly EngineServices _services;
    private readonly CompletionWaiters _waiters;
    private readonly DurableEngineEntityClient _entities;

    internal DurableEngineClient(EngineServices services, CompletionWaiters waiters)
        : base("durable-engine")
    {
        _services = services;
        _waiters = waiters;
        _entities = new DurableEngineEntityClient(services);
    }

    public override DurableEntityClient Entities => _entities;

    private DataConverter Converter => _services.Converter;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name, nameof(orchestratorName));
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        cancellation.ThrowIfCancellationRequested();
        long? startAt = options?.StartAt?.ToUnixTimeMilliseconds();
        await _services.Writer.Submit(new StartOrchestrationOp(instanceId, orchestratorName.Name, Converter.Serialize(input), startAt));
        return instanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return Send(instanceId, new EventRaisedEvent(eventName, Converter.Serialize(eventPayload)), cancellation);
    }

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
        => Send(instanceId, new ExecutionTerminatedEvent(Converter.Serialize(options?.Output)), cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => Send(instanceId, new ExecutionSuspendedEvent(reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => Send(instanceId, new ExecutionResumedEvent(reason), cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        InstanceRow? row = _services.Reader.GetInstance(instanceId);
        return Task.FromResult(row is null ? null : ToMetadata(row, getInputsAndOutputs));
    }

    /// <summary>The instance's history (current execution), oldest first; empty if the instance does not exist.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<HistoryEvent>>(_services.Reader.GetHistory(instanceId));
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        OrchestrationQuery query = filter ?? new OrchestrationQuery();
        return Pageable.Create<OrchestrationMetadata>((token, size, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            OrchestrationQuery page = size is { } hint ? query with { PageSize = hint } : query;
            (List<InstanceRow> rows, string? next) = _services.Reader.QueryInstances(page, token ?? query.ContinuationToken);
            return Task.FromResult(new Page<OrchestrationMetadata>(rows.Select(r => ToMetadata(r, query.FetchInputsAndOutputs)).ToList(), next));
        });
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => await WaitFor(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => await WaitFor(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return new PurgeResult(await _services.Writer.Submit(new PurgeOp([instanceId])));
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellation.ThrowIfCancellationRequested();
        List<string> ids = _services.Reader.FindPurgeable(filter);
        int purged = 0;
        foreach (string[] chunk in ids.Chunk(500))
        {
            purged += await _services.Writer.Submit(new PurgeOp(chunk));
        }
        return new PurgeResult(purged);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task Send(string instanceId, HistoryEvent e, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        await _services.Writer.Submit(new SendToInstanceOp(instanceId, e));
    }

    private async Task<OrchestrationMetadata> WaitFor(string instanceId, bool withData, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            Task signalled = _waiters.WhenSignalled(instanceId);
            OrchestrationMetadata metadata = await GetInstanceAsync(instanceId, withData, cancellation)
                ?? throw new InvalidOperationException($"No orchestration instance with id '{instanceId}' exists.");
            if (done(metadata))
            {
                return metadata;
            }
            await Task.WhenAny(signalled, Task.Delay(delay, _services.Time, cancellation));
            cancellation.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(2000, delay.TotalMilliseconds * 2));
        }
    }

    private OrchestrationMetadata ToMetadata(InstanceRow row, bool withData) => new(row.Name, row.InstanceId)
    {
        RuntimeStatus = row.Status,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        LastUpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdatedAt),
        SerializedInput = withData ? row.Input : null,
        SerializedOutput = withData ? row.Output : null,
        SerializedCustomStatus = withData ? row.CustomStatus : null,
        FailureDetails = withData ? row.Failure : null,
        DataConverter = withData ? Converter : null,
    };

    private static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.StartsWith('@') || instanceId.Length > 256 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException($"'{instanceId}' is not a valid instance id: 1 to 256 printable characters, not starting with '@'.", nameof(instanceId));
        }
    }
}
