namespace Orchestrator.Storage.Queues;

/// <summary>What the service says of a message it accepted.</summary>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn);

/// <summary>
/// A received message, invisible to others until <see cref="NextVisibleOn"/>. Delete it with its <see cref="PopReceipt"/>
/// once handled; otherwise it comes back with <see cref="DequeueCount"/> one higher.
/// </summary>
public sealed record QueueMessage(
    string MessageId, string PopReceipt, string Body, long DequeueCount, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn);

/// <summary>A message seen without receiving it (no pop receipt, no change to its visibility or dequeue count).</summary>
public sealed record PeekedMessage(string MessageId, string Body, long DequeueCount, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn);

/// <summary>The new pop receipt and visibility of an updated message (the old receipt no longer works).</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);

/// <summary>A queue's properties.</summary>
public sealed record QueueProperties(int ApproximateMessagesCount);
