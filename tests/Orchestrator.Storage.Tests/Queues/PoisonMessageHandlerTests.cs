using System.Security.Cryptography;
using System.Text;
using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Queues;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Queues;

public sealed class PoisonMessageHandlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>
    /// A bulk request with a long Japanese prompt: 45 KB of UTF-8 fits in a queue message, but JSON escapes each character
    /// to six bytes, so wrapped in a poison message it would be twice the queue's limit.
    /// </summary>
    private static readonly string LargeBody = "{\"prompt\":\"" + string.Concat(Enumerable.Repeat("夕暮れの港を走る猫", 1_660)) + "\"}";

    private async Task<PoisonMessageHandler> NewHandlerAsync(int maxDequeueCount, IBlobContainer? overflow = null)
    {
        var name = AzuriteFixture.UniqueName("jobs");
        var source = new QueueClient(azurite.ConnectionString, name);
        var poison = new QueueClient(azurite.ConnectionString, PoisonMessageHandler.NameFor(name));
        await source.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        return new PoisonMessageHandler(source, poison, maxDequeueCount, overflow: overflow);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_with_its_reason()
    {
        var handler = await NewHandlerAsync(maxDequeueCount: 3);
        var sent = (await handler.Source.SendMessageAsync("{\"jobId\":\"j-1\"}")).Value;

        var outcomes = new List<bool>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var message = Assert.Single((await handler.Source.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);
            Assert.Equal(attempt, message.DequeueCount);
            outcomes.Add(await handler.ReportFailureAsync(message, $"vendor refused (attempt {attempt})", retryAfter: TimeSpan.Zero));
        }

        Assert.Equal([false, false, true], outcomes);
        Assert.Empty((await handler.Source.PeekMessagesAsync(32)).Value);
        var poisoned = PoisonMessage.Parse(Assert.Single((await handler.Poison.ReceiveMessagesAsync()).Value).Body);
        Assert.Equal(handler.Source.Name, poisoned.SourceQueue);
        Assert.Equal(sent.MessageId, poisoned.MessageId);
        Assert.Equal("{\"jobId\":\"j-1\"}", poisoned.Body);
        Assert.Null(poisoned.Overflow);
        Assert.Equal(3, poisoned.DequeueCount);
        Assert.Equal("vendor refused (attempt 3)", poisoned.Reason);
        Assert.True(poisoned.FailedOn >= poisoned.InsertedOn);
    }

    [Fact]
    public async Task A_message_whose_receivers_crashed_too_often_is_moved_on_receipt()
    {
        var handler = await NewHandlerAsync(maxDequeueCount: 1);
        await handler.Source.SendMessageAsync("crashes the worker");
        var first = Assert.Single((await handler.Source.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);
        // The receiver dies without reporting; its visibility lapsing is what brings the message back (made immediate here).
        await handler.Source.UpdateMessageAsync(first.MessageId, first.PopReceipt, TimeSpan.Zero);

        var firstMoved = await handler.MoveIfOverdueAsync(first);
        var second = Assert.Single((await handler.Source.ReceiveMessagesAsync()).Value);
        var secondMoved = await handler.MoveIfOverdueAsync(second);

        Assert.False(firstMoved);
        Assert.True(secondMoved);
        Assert.Empty((await handler.Source.PeekMessagesAsync()).Value);
        var poisoned = PoisonMessage.Parse(Assert.Single((await handler.Poison.PeekMessagesAsync()).Value).Body);
        Assert.Contains("2 times", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal("crashes the worker", poisoned.Body);
    }

    [Fact]
    public async Task A_message_too_large_to_wrap_moves_with_its_whole_body_kept_in_a_blob()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("poison-bodies"));
        var handler = await NewHandlerAsync(maxDequeueCount: 1, container);
        await handler.Source.SendMessageAsync(LargeBody);
        var message = Assert.Single((await handler.Source.ReceiveMessagesAsync()).Value);

        Assert.True(await handler.ReportFailureAsync(message, "prompt refused by every vendor", TimeSpan.Zero));

        Assert.Empty((await handler.Source.PeekMessagesAsync()).Value);
        var poisoned = PoisonMessage.Parse(Assert.Single((await handler.Poison.PeekMessagesAsync()).Value).Body);
        Assert.Equal(message.MessageId, poisoned.MessageId);
        Assert.Equal("prompt refused by every vendor", poisoned.Reason);
        Assert.Equal(new PoisonBodyOverflow(Encoding.UTF8.GetByteCount(LargeBody), Sha256(LargeBody), $"{handler.Source.Name}/{message.MessageId}"), poisoned.Overflow);
        Assert.StartsWith(LargeBody[..100], poisoned.Body, StringComparison.Ordinal);
        Assert.Contains("[truncated: ", poisoned.Body, StringComparison.Ordinal);
        Assert.Equal(LargeBody, await handler.ReadBodyAsync(poisoned));
    }

    [Fact]
    public async Task Without_an_overflow_container_a_message_too_large_to_wrap_still_moves_with_its_start_size_and_hash()
    {
        var handler = await NewHandlerAsync(maxDequeueCount: 1);
        await handler.Source.SendMessageAsync(LargeBody);
        var message = Assert.Single((await handler.Source.ReceiveMessagesAsync()).Value);

        await handler.MoveAsync(message, "prompt refused by every vendor");

        Assert.Empty((await handler.Source.PeekMessagesAsync()).Value);
        var poisoned = PoisonMessage.Parse(Assert.Single((await handler.Poison.PeekMessagesAsync()).Value).Body);
        Assert.Equal(new PoisonBodyOverflow(Encoding.UTF8.GetByteCount(LargeBody), Sha256(LargeBody), null), poisoned.Overflow);
        Assert.StartsWith(LargeBody[..100], poisoned.Body, StringComparison.Ordinal);
        Assert.EndsWith($"[truncated: {poisoned.Overflow!.Length} bytes in all, SHA-256 {poisoned.Overflow.Sha256}]", poisoned.Body, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => handler.ReadBodyAsync(poisoned));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
