using Orchestrator.Storage.Queues;

namespace Orchestrator.Host.BulkQueue;

/// <summary>
/// Polls the bulk queue (Azure Storage, Azurite locally) and hands each message to <see cref="BulkMessageHandler"/>, a batch
/// at a time. An empty queue is looked at less and less often (50 ms doubling up to MaxPollInterval); a message resets that.
/// Storage that does not answer (down, not started yet, refusing) never stops the host: the listener logs one line per
/// try and tries again, from MaxPollInterval doubling up to MaxRetryInterval, until storage answers or the host stops.
/// </summary>
public sealed partial class BulkQueueListener(BulkQueues queues, BulkMessageHandler handler, BulkQueueOptions options,
    TimeProvider time, ILogger<BulkQueueListener> logger) : BackgroundService
{
    private readonly IQueueClient queue = queues.Queue;

    private static readonly TimeSpan FirstIdleWait = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await CreateQueuesAsync(stoppingToken);
            Log.Listening(logger, queue.Name);
            await ListenAsync(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: storage may be going away at the same time (the demo's Azurite gets the same Ctrl+C); nothing to report.
        }
    }

    private async Task CreateQueuesAsync(CancellationToken stoppingToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(stoppingToken);
                await queues.Poison.CreateIfNotExistsAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                await BackOffAsync(failures, e, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var idle = FirstIdleWait;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(options.BatchSize, options.ProcessingTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                await BackOffAsync(++failures, e, stoppingToken);
                continue;
            }
            if (failures > 0)
            {
                Log.Answering(logger, queue.Name, failures);
                failures = 0;
            }
            if (messages.Count == 0)
            {
                await Task.Delay(idle, time, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollInterval.Ticks));
                continue;
            }
            idle = FirstIdleWait;
            await Task.WhenAll(messages.Select(message => handler.HandleAsync(message, stoppingToken)));
        }
    }

    private Task BackOffAsync(int failures, Exception failure, CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Min(
            options.MaxPollInterval.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)), options.MaxRetryInterval.TotalMilliseconds));
        Log.Unreachable(logger, queue.Name, failures, wait, StorageFailure.Describe(failure));
        return Task.Delay(wait, time, stoppingToken);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Listening on bulk queue {Queue}.")]
        public static partial void Listening(ILogger logger, string queue);

        [LoggerMessage(11, LogLevel.Warning, "Bulk queue {Queue} could not be reached (try {Failures}; next in {Wait}): {Reason}")]
        public static partial void Unreachable(ILogger logger, string queue, int failures, TimeSpan wait, string reason);

        [LoggerMessage(12, LogLevel.Information, "Bulk queue {Queue} answers again after {Failures} failed tries.")]
        public static partial void Answering(ILogger logger, string queue, int failures);
    }
}
