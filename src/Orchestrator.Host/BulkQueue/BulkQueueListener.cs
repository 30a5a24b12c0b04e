using Orchestrator.Storage;
using Orchestrator.Storage.Queues;

namespace Orchestrator.Host.BulkQueue;

/// <summary>
/// Polls the bulk queue (Azure Storage, Azurite locally) and hands each message to <see cref="BulkMessageHandler"/>, a batch
/// at a time. An empty queue is looked at less and less often (50 ms doubling up to MaxPollInterval); a message resets that.
/// </summary>
public sealed partial class BulkQueueListener(BulkQueues queues, BulkMessageHandler handler, BulkQueueOptions options,
    TimeProvider time, ILogger<BulkQueueListener> logger) : BackgroundService
{
    private readonly IQueueClient queue = queues.Queue;

    private static readonly TimeSpan FirstIdleWait = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await CreateQueuesAsync(stoppingToken);
        Log.Listening(logger, queue.Name);
        var idle = FirstIdleWait;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(options.BatchSize, options.ProcessingTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (e is StorageRequestFailedException or HttpRequestException)
            {
                Log.ReceiveFailed(logger, queue.Name, e.Message);
                await WaitAsync(options.MaxPollInterval, stoppingToken);
                continue;
            }
            if (messages.Count == 0)
            {
                await WaitAsync(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollInterval.Ticks));
                continue;
            }
            idle = FirstIdleWait;
            await Task.WhenAll(messages.Select(message => handler.HandleAsync(message, stoppingToken)));
        }
    }

    // Storage may come up after the host (Azurite started alongside): keep trying until it answers or the host stops.
    private async Task CreateQueuesAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(stoppingToken);
                await queues.Poison.CreateIfNotExistsAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is StorageRequestFailedException or HttpRequestException)
            {
                Log.ReceiveFailed(logger, queue.Name, e.Message);
                await WaitAsync(options.MaxPollInterval, stoppingToken);
            }
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Listening on bulk queue {Queue}.")]
        public static partial void Listening(ILogger logger, string queue);

        [LoggerMessage(11, LogLevel.Warning, "Bulk queue {Queue} could not be read: {Reason}")]
        public static partial void ReceiveFailed(ILogger logger, string queue, string reason);
    }
}
