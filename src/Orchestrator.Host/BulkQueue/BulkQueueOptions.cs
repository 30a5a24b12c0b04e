namespace Orchestrator.Host.BulkQueue;

/// <summary>
/// The bulk queue listener (section <see cref="SectionName"/>): each message is one job request (the same JSON as POST
/// /api/jobs). Defaults follow host.json's queue settings for the Functions app (batch 16, 5 deliveries, 30 s between tries).
/// </summary>
public sealed record BulkQueueOptions
{
    public const string SectionName = "Orchestrator:BulkQueue";

    public bool Enabled { get; init; } = true;

    /// <summary>The queue's name; its poison queue is "{name}-poison".</summary>
    public string QueueName { get; init; } = "jobs-bulk";

    /// <summary>Messages taken at once (1-32).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Deliveries a message gets before a failure sends it to the poison queue.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message waits before it is tried again (host.json's visibilityTimeout).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a taken message stays hidden while its job is started; a crash returns it to the queue after this.</summary>
    public TimeSpan ProcessingTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest wait between looks at an empty queue (the wait doubles from 50 ms up to this).</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest wait between tries while storage does not answer (the wait doubles from MaxPollInterval up to this), so a
    /// storage account that is down, or an Azurite not started yet, is asked less and less often but never given up on.
    /// </summary>
    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    internal IEnumerable<string> Problems()
    {
        if (BatchSize is < 1 or > 32)
        {
            yield return $"{SectionName}:BatchSize must be 1 to 32 (got {BatchSize})";
        }
        if (MaxDequeueCount < 1)
        {
            yield return $"{SectionName}:MaxDequeueCount must be at least 1 (got {MaxDequeueCount})";
        }
        if (ProcessingTimeout < TimeSpan.FromSeconds(1) || ProcessingTimeout > TimeSpan.FromDays(7))
        {
            yield return $"{SectionName}:ProcessingTimeout must be from 1 s to 7 days (got {ProcessingTimeout})";
        }
        if (VisibilityTimeout < TimeSpan.Zero || VisibilityTimeout > TimeSpan.FromDays(7))
        {
            yield return $"{SectionName}:VisibilityTimeout must be from 0 to 7 days (got {VisibilityTimeout})";
        }
        if (MaxPollInterval < TimeSpan.FromMilliseconds(50))
        {
            yield return $"{SectionName}:MaxPollInterval must be at least 50 ms (got {MaxPollInterval})";
        }
        if (MaxRetryInterval < MaxPollInterval)
        {
            yield return $"{SectionName}:MaxRetryInterval must be at least MaxPollInterval (got {MaxRetryInterval}, MaxPollInterval {MaxPollInterval})";
        }
    }
}
