using Orchestrator.Core.Jobs;
using Orchestrator.Storage.Queues;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.BulkQueue;

/// <summary>
/// Starts the job one bulk queue message asks for, at most once, and deletes the message only after the start is durable
/// (the instance is committed): a crash in between redelivers it, and the idempotent start finds the same job. A message
/// that can never start (not JSON, an invalid request, a refused start) goes straight to the poison queue with the reason;
/// one that fails for a passing cause (storage down) is tried again later and poisoned after MaxDequeueCount deliveries.
/// </summary>
public sealed partial class BulkMessageHandler(BulkQueues queues, JobRequestParser parser, IJobService jobs, BulkQueueOptions options,
    TimeProvider time, ILogger<BulkMessageHandler> logger)
{
    private readonly IQueueClient queue = queues.Queue;
    private readonly PoisonMessageHandler poison = new(queues.Queue, queues.Poison, options.MaxDequeueCount, time, queues.PoisonOverflow);

    /// <summary>The caller recorded for jobs the queue starts: whoever may write to the queue speaks for the request's team.</summary>
    private JobCaller CallerFor(JobRequest request) => new($"queue:{queue.Name}", request.Team, false, null);

    public async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (await poison.MoveIfOverdueAsync(message, cancellationToken))
            {
                Log.Poisoned(logger, message.MessageId, message.DequeueCount, "delivered too often");
                return;
            }
            var parsed = parser.Parse(message.Body);
            if (!parsed.IsValid)
            {
                await MoveToPoisonAsync(message, $"Invalid job request: {string.Join("; ", parsed.Errors)}", cancellationToken);
                return;
            }
            var request = parsed.Request!;
            var started = await jobs.StartAsync(request, CallerFor(request), cancellationToken);
            if (started.Refusal is { } refusal)
            {
                var problems = refusal.Errors.Count > 0 ? $" ({string.Join("; ", refusal.Errors)})" : string.Empty;
                await MoveToPoisonAsync(message, $"Start refused, {refusal.Code}: {refusal.Message}{problems}", cancellationToken);
                return;
            }
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            Log.Started(logger, message.MessageId, started.InstanceId, started.AlreadyExisted);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down (storage may be going too): the message reappears after ProcessingTimeout and the idempotent start
            // picks it up again.
        }
        catch (Exception e)
        {
            // Whatever failed (storage after its retries, the engine's store, a defect), the message stays for redelivery.
            await ReportFailureAsync(message, $"{e.GetType().Name}: {StorageFailure.Describe(e)}", cancellationToken);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        await poison.MoveAsync(message, reason, cancellationToken);
        Log.Poisoned(logger, message.MessageId, message.DequeueCount, reason);
    }

    private async Task ReportFailureAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var poisoned = await poison.ReportFailureAsync(message, reason, options.VisibilityTimeout, cancellationToken);
            Log.Failed(logger, message.MessageId, message.DequeueCount, poisoned, reason);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The message reappears after ProcessingTimeout with its dequeue count raised: nothing is lost.
            Log.Failed(logger, message.MessageId, message.DequeueCount, false, $"{reason}; reporting it failed too: {StorageFailure.Describe(e)}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Bulk message {MessageId} started job {InstanceId} (already existed: {AlreadyExisted}).")]
        public static partial void Started(ILogger logger, string messageId, string instanceId, bool alreadyExisted);

        [LoggerMessage(2, LogLevel.Warning, "Bulk message {MessageId} (delivery {DequeueCount}) moved to the poison queue: {Reason}")]
        public static partial void Poisoned(ILogger logger, string messageId, long dequeueCount, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Bulk message {MessageId} (delivery {DequeueCount}) failed (poisoned: {Poisoned}): {Reason}")]
        public static partial void Failed(ILogger logger, string messageId, long dequeueCount, bool poisoned, string reason);
    }
}
