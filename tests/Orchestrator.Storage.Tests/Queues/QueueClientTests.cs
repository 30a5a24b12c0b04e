using Orchestrator.Storage.Queues;
using Orchestrator.Storage.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Queues;

public sealed class QueueClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<QueueClient> NewQueueAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64, string? name = null)
    {
        var options = new QueueClientOptions { MessageEncoding = encoding };
        var queue = new QueueClient(azurite.ConnectionString, name ?? AzuriteFixture.UniqueName("q"), options);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task Create_if_not_exists_reports_whether_it_created()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"));

        Assert.True((await queue.CreateIfNotExistsAsync()).Value);
        Assert.False((await queue.CreateIfNotExistsAsync()).Value);
    }

    [Fact]
    public async Task A_message_is_sent_received_and_deleted()
    {
        var queue = await NewQueueAsync();
        const string body = "{\"team\":\"studio-a\",\"prompt\":\"a fox <jumps> & runs \u2014 \u00e9t\u00e9 \ud83e\udd8a\"}";

        var sent = (await queue.SendMessageAsync(body)).Value;
        var received = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30))).Value);
        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(body, received.Body);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(received.NextVisibleOn > received.InsertedOn);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        Assert.Empty((await queue.ReceiveMessagesAsync(32)).Value);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Base64_is_what_travels_and_a_raw_message_still_reads()
    {
        var name = AzuriteFixture.UniqueName("q");
        var base64 = await NewQueueAsync(QueueMessageEncoding.Base64, name);
        var raw = await NewQueueAsync(QueueMessageEncoding.None, name);

        await base64.SendMessageAsync("héllo");
        var onTheWire = Assert.Single((await raw.PeekMessagesAsync()).Value);
        await raw.SendMessageAsync("not base64!");
        var bothAsBase64Reader = (await base64.PeekMessagesAsync(2)).Value;

        Assert.Equal(Convert.ToBase64String("héllo"u8.ToArray()), onTheWire.Body);
        Assert.Equal(["héllo", "not base64!"], bothAsBase64Reader.Select(m => m.Body));
    }

    [Fact]
    public async Task A_delayed_message_stays_hidden_until_its_delay_passes()
    {
        var queue = await NewQueueAsync();

        await queue.SendMessageAsync("later", visibilityDelay: TimeSpan.FromSeconds(2));

        Assert.Empty((await queue.PeekMessagesAsync()).Value);
        Assert.Empty((await queue.ReceiveMessagesAsync()).Value);
        var received = await Eventually.ValueAsync(async () => (await queue.ReceiveMessagesAsync()).Value, m => m.Count == 1, "the delayed message becomes visible");
        Assert.Equal("later", received[0].Body);
    }

    [Fact]
    public async Task A_message_past_its_time_to_live_is_gone()
    {
        var queue = await NewQueueAsync();

        await queue.SendMessageAsync("short-lived", timeToLive: TimeSpan.FromSeconds(1));
        var keeper = (await queue.SendMessageAsync("forever", timeToLive: Timeout.InfiniteTimeSpan)).Value;

        var left = await Eventually.ValueAsync(async () => (await queue.PeekMessagesAsync(32)).Value, m => m.Count == 1, "the short-lived message expired");
        Assert.Equal("forever", left[0].Body);
        Assert.True(keeper.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100));
    }

    [Fact]
    public async Task Receiving_many_hides_them_from_other_receivers()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 5; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        var first = (await queue.ReceiveMessagesAsync(3, TimeSpan.FromSeconds(60))).Value;
        var second = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60))).Value;
        var third = (await queue.ReceiveMessagesAsync(32)).Value;

        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(third);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}"), first.Concat(second).Select(m => m.Body).Order());
    }

    [Fact]
    public async Task Peek_changes_nothing()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("look");

        var peeked = Assert.Single((await queue.PeekMessagesAsync()).Value);
        var received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(0, peeked.DequeueCount);
        Assert.Equal(1, received.DequeueCount);
        Assert.Equal(peeked.MessageId, received.MessageId);
    }

    [Fact]
    public async Task Updating_visibility_brings_a_message_back_and_retires_the_old_pop_receipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("v1");
        var received = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);

        var updated = (await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero, "v2")).Value;
        var again = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);
        var stale = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));

        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);
        Assert.Equal("v2", again.Body);
        Assert.Equal(2, again.DequeueCount);
        Assert.Equal(400, stale.Status);
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
        await queue.DeleteMessageAsync(again.MessageId, again.PopReceipt);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_any_request()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", visibilityDelay: TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => new QueueClient(azurite.ConnectionString, "Bad_Name"));
    }
}
