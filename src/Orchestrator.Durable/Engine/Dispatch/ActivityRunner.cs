using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>
/// Runs one leased activity and records its result. Activities run at least once: if this process dies before the
/// result is committed, the lease expires and another worker runs it again with the same idempotency key.
/// </summary>
internal sealed class ActivityRunner(EngineServices services)
{
    public async Task RunAsync(ActivityWorkItem item, CancellationToken stopping)
    {
        HistoryEvent result = await ExecuteAsync(item);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await services.Writer.Submit(new ActivityResultOp(item, result with { Timestamp = services.Time.GetUtcNow().UtcDateTime }));
                return;
            }
            catch (Exception ex) when (ex is not ObjectDisposedException && !stopping.IsCancellationRequested)
            {
                EngineLog.ActivityResultFailed(services.Logger, ex, item.Name, item.InstanceId, item.TaskId);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 * attempt * attempt)), services.Time, stopping);
            }
        }
    }

    private async Task<HistoryEvent> ExecuteAsync(ActivityWorkItem item)
    {
        try
        {
            if (!services.Registry.Activities.TryGetValue(item.Name, out Func<IServiceProvider, ITaskActivity>? create))
            {
                throw new InvalidOperationException($"No activity named '{item.Name}' is registered with this engine.");
            }
            await using AsyncServiceScope scope = services.ServiceProvider.CreateAsyncScope();
            ITaskActivity activity = create(scope.ServiceProvider);
            object? input = services.Converter.Deserialize(item.Input, activity.InputType);
            var context = new EngineActivityContext(item.Name, item.InstanceId, item.ExecutionId, item.TaskId, item.DequeueCount);
            object? output = await activity.RunAsync(context, input);
            return new TaskCompletedEvent(item.TaskId, services.Converter.Serialize(output));
        }
#pragma warning disable CA1031 // any activity failure is reported to the orchestration as TaskFailed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new TaskFailedEvent(item.TaskId, TaskFailureDetails.FromException(ex));
        }
    }
}
