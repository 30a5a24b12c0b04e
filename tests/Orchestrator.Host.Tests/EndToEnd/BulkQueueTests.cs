using System.Net;
using System.Text.Json;
using Orchestrator.Durable.Client;
using Orchestrator.Host.BulkQueue;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Storage.Queues;
using Orchestrator.Testing;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The bulk queue on real Azurite: the listener starts one job per request however often the message comes, deletes a
/// message only once its job is started, and sends a message delivered too often (its receivers kept dying) to the poison
/// queue with the reason. (Malformed messages going straight to the poison queue: <see cref="MalformedRequestTests"/>.)
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class BulkQueueTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task The_same_request_queued_twice_starts_one_job_and_both_messages_are_deleted()
    {
        var team = HostStack.NewTeam("bulk");
        var keyed = Requests.Simple(team, $"a fox in the snow ({team})", idempotencyKey: "bulk-1");
        var unkeyed = Requests.Simple(team, $"a hare in the grass ({team})");
        var queue = Stack.Queue();
        await queue.CreateIfNotExistsAsync();

        foreach (var body in new[] { keyed, unkeyed, keyed, unkeyed })
        {
            await queue.SendMessageAsync(body);
        }
        var jobs = await Eventually.ValueAsync(() => JobsOfAsync(team), found => found.Count == 2 && found.All(job => job.GetProperty("status").GetString() != "running"),
            "both queued jobs have run");
        await Eventually.TrueAsync(async () => !(await queue.PeekMessagesAsync(32)).Value.Any(message => message.Body.Contains(team, StringComparison.Ordinal)),
            "the bulk queue holds none of the messages any more");

        Assert.All(jobs, job => Assert.Equal("succeeded", job.GetProperty("status").GetString()));
        Assert.Equal(2, Stack.Emulator.State.Jobs.Count(job => job.Prompt.Contains(team, StringComparison.Ordinal)));
        Assert.Contains(jobs, job => job.GetProperty("instanceId").GetString() == JobInstanceId.For(team, "bulk-1"));
        Assert.All(jobs, job => Assert.Equal($"queue:{Stack.QueueName}", job.GetProperty("keyId").GetString()));
    }

    private async Task<List<JsonElement>> JobsOfAsync(string team)
    {
        using var http = Stack.Http();
        var page = await (await http.GetAsync($"api/jobs?team={team}")).JsonAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("jobs").EnumerateArray()];
    }
}

/// <summary>
/// The bulk message handler on a host whose listener is off, so the test plays the queue's consumers itself: a valid
/// message's job is started before its message is deleted; a message its receivers kept abandoning goes to the poison
/// queue once it has been delivered more than MaxDequeueCount times.
/// </summary>
public sealed class BulkMessageHandlerTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private HostStack stack = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        stack = await HostStack.StartAsync(azurite, settings =>
        {
            settings["Orchestrator:BulkQueue:Enabled"] = "false";
            settings["Orchestrator:BulkQueue:MaxDequeueCount"] = "2";
        });
        await stack.Queue().CreateIfNotExistsAsync();
        await stack.PoisonQueue().CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await stack.DisposeAsync();

    [Fact]
    public async Task A_started_job_exists_before_its_message_is_deleted()
    {
        var team = HostStack.NewTeam("handled");
        var queue = stack.Queue();
        await queue.SendMessageAsync(Requests.Simple(team, "a lantern on a jetty", idempotencyKey: "handled-1"));
        var message = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value);

        await stack.Services.GetRequiredService<BulkMessageHandler>().HandleAsync(message, CancellationToken.None);

        var instance = await stack.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(JobInstanceId.For(team, "handled-1"));
        Assert.NotNull(instance);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        await stack.FinishedAsync(instance.InstanceId);
    }

    [Fact]
    public async Task A_message_delivered_more_often_than_allowed_goes_to_the_poison_queue_unstarted()
    {
        var team = HostStack.NewTeam("overdue");
        var queue = stack.Queue();
        var body = Requests.Simple(team, "a clip whose receivers kept crashing", idempotencyKey: "overdue-1");
        await queue.SendMessageAsync(body);
        QueueMessage? message = null;
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            // A receiver that takes the message and dies: it comes back once its visibility timeout passes.
            message = await Eventually.ValueAsync(async () => (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMilliseconds(1000))).Value.SingleOrDefault(),
                received => received is not null, $"delivery {delivery}");
        }

        await stack.Services.GetRequiredService<BulkMessageHandler>().HandleAsync(message!, CancellationToken.None);

        var poisoned = PoisonMessage.Parse(Assert.Single((await stack.PoisonQueue().PeekMessagesAsync(32)).Value).Body);
        Assert.Equal(body, poisoned.Body);
        Assert.Equal(3, poisoned.DequeueCount);
        Assert.Contains("Delivered 3 times", poisoned.Reason);
        Assert.Null(await stack.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(JobInstanceId.For(team, "overdue-1")));
        await Eventually.TrueAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message left the bulk queue");
    }

    [Fact]
    public async Task A_refused_message_too_large_to_travel_in_a_poison_message_is_kept_whole_in_the_overflow_container()
    {
        // 15,000 kana are 45 KB of UTF-8 but 90 KB once JSON-escaped into a poison message: past the queue's 64 KiB.
        var team = HostStack.NewTeam("large");
        var body = $$"""{"team":"{{team}}","prompt":"{{new string('あ', 15_000)}}","durationSeconds":5,"idempotencyKey":"large-1","unknownField":1}""";
        var queue = stack.Queue();
        await queue.SendMessageAsync(body);
        var message = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value);

        await stack.Services.GetRequiredService<BulkMessageHandler>().HandleAsync(message, CancellationToken.None);

        var poisoned = PoisonMessage.Parse(Assert.Single((await stack.PoisonQueue().PeekMessagesAsync(32)).Value).Body);
        Assert.NotNull(poisoned.Overflow);
        Assert.Contains("unknownField", poisoned.Reason, StringComparison.Ordinal);
        var queues = stack.Services.GetRequiredService<BulkQueues>();
        var reader = new PoisonMessageHandler(queues.Queue, queues.Poison, maxDequeueCount: 2, overflow: queues.PoisonOverflow);
        Assert.Equal(body, await reader.ReadBodyAsync(poisoned));
        Assert.Null(await stack.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(JobInstanceId.For(team, "large-1")));
    }
}
