using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Jobs;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Workflow.Jobs;
using PoisonMessage = Orchestrator.Storage.Queues.PoisonMessage;

namespace Orchestrator.Functions.Queue;

/// <summary>
/// The bulk starter: one job per message on the bulk queue (the same JSON as POST /api/jobs), started idempotently, so a
/// redelivered message finds its job instead of starting a second one. A message that can never start (not a valid
/// request, or refused) is answered at once with a <see cref="PoisonMessage"/> on the poison queue, stating why; one that
/// fails for a passing cause throws, and the Functions runtime retries it (host.json: maxDequeueCount, visibilityTimeout)
/// and finally moves it, unchanged, to the same poison queue.
/// </summary>
public sealed partial class BulkJobStarter(JobRequestParser parser, TimeProvider time, ILogger<BulkJobStarter> logger)
{
    /// <summary>The bulk queue; the local host's listener reads the same name (Orchestrator:BulkQueue:QueueName).</summary>
    public const string QueueName = "jobs-bulk";

    public const string PoisonQueueName = QueueName + "-poison";

    [Function(nameof(BulkJobStarter))]
    [QueueOutput(PoisonQueueName)]
    public async Task<string[]> RunAsync([QueueTrigger(QueueName)] QueueMessage message, [DurableClient] DurableTaskClient client, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(function);
        var body = message.Body.ToString();
        var parsed = parser.Parse(body);
        if (parsed.Request is not { } request)
        {
            return [Poison(message, body, $"Invalid job request: {string.Join("; ", parsed.Errors)}")];
        }
        // Whoever may write to the queue speaks for the request's team, as on the local host.
        var caller = new JobCaller($"queue:{QueueName}", request.Team, IsAdmin: false);
        var started = await FunctionJobs.For(function, client).StartAsync(request, caller, function.CancellationToken);
        if (started.Refusal is { } refusal)
        {
            return [Poison(message, body, $"Start refused ({refusal.Code}): {refusal.Message}")];
        }
        Log.Started(logger, message.MessageId, started.InstanceId, started.AlreadyExisted);
        return [];
    }

    private string Poison(QueueMessage message, string body, string reason)
    {
        Log.Poisoned(logger, message.MessageId, message.DequeueCount, reason);
        return new PoisonMessage(QueueName, message.MessageId, body, message.DequeueCount, reason,
            message.InsertedOn ?? time.GetUtcNow(), time.GetUtcNow()).ToJson();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Bulk message {MessageId} started job {InstanceId} (already existed: {AlreadyExisted}).")]
        public static partial void Started(ILogger logger, string messageId, string instanceId, bool alreadyExisted);

        [LoggerMessage(2, LogLevel.Warning, "Bulk message {MessageId} (delivery {DequeueCount}) moved to the poison queue: {Reason}")]
        public static partial void Poisoned(ILogger logger, string messageId, long dequeueCount, string reason);
    }
}
