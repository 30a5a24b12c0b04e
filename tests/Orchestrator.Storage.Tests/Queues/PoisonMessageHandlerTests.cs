using Orchestrator.Storage.Queues;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Queues;

public sealed class PoisonMessageHandlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<PoisonMessageHandler> NewHandlerAsync(int maxDequeueCount)
    {
        var name = AzuriteFixture.UniqueName("jobs");
        var source = new QueueClient(azurite.ConnectionString, name);
        var poison = new QueueClient(azurite.ConnectionString, PoisonMessageHandler.NameFor(name));
        await source.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        return new PoisonMessageHandler(source, poison, maxDequeueCount);
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
}
