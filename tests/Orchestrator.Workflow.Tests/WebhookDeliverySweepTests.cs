using System.Security.Cryptography;
using System.Text;
using Orchestrator.Testing;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Workflow.Tests;

/// <summary>
/// The sweep of the replay table on real Azurite: it deletes rows expired for longer than the margin, keeps the rest,
/// stops at its bound, and leaves the replay check as it was for every delivery still inside its window.
/// </summary>
public sealed class WebhookDeliverySweepTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rows_expired_past_the_margin_are_deleted_and_every_other_row_is_kept()
    {
        var time = new ManualTimeProvider(Start);
        var storage = Storage(new WebhookDeliverySweepOptions { Margin = TimeSpan.FromHours(1) });
        var store = new TableWebhookReplayStore(storage, time);
        Assert.True(await store.TryMarkSeenAsync("fal:expired", Start.AddMinutes(10)));
        Assert.True(await store.TryMarkSeenAsync("fal:within-margin", Start.AddMinutes(40)));
        Assert.True(await store.TryMarkSeenAsync("openai:msg/1", Start.AddHours(3)));

        time.Set(Start.AddMinutes(10 + 60 + 1));
        var sweep = await new WebhookDeliverySweep(storage, time).SweepAsync();

        Assert.Equal(new WebhookDeliverySweepResult(Deleted: 1, More: false), sweep);
        Assert.Equal(["fal:within-margin", "openai:msg/1"], await DeliveriesAsync(storage));
        Assert.False(await store.TryMarkSeenAsync("openai:msg/1", Start.AddHours(3)));
    }

    [Fact]
    public async Task A_delivery_recorded_after_a_sweep_is_still_a_replay_within_its_window()
    {
        var time = new ManualTimeProvider(Start);
        var storage = Storage(new WebhookDeliverySweepOptions { Margin = TimeSpan.Zero });
        var store = new TableWebhookReplayStore(storage, time);
        var sweeper = new WebhookDeliverySweep(storage, time);
        Assert.True(await store.TryMarkSeenAsync("kling:old", Start.AddMinutes(5)));
        time.Set(Start.AddMinutes(10));
        Assert.Equal(1, (await sweeper.SweepAsync()).Deleted);

        var keepUntil = time.GetUtcNow().AddMinutes(10);
        Assert.True(await store.TryMarkSeenAsync("kling:new", keepUntil));
        time.Advance(TimeSpan.FromMinutes(9));
        var second = await sweeper.SweepAsync();

        Assert.Equal(0, second.Deleted);
        Assert.False(await store.TryMarkSeenAsync("kling:new", keepUntil));
        Assert.Equal(["kling:new"], await DeliveriesAsync(storage));
        // The swept delivery could no longer pass the vendor's age check; one that does (a later copy) is new again.
        Assert.True(await store.TryMarkSeenAsync("kling:old", time.GetUtcNow().AddMinutes(10)));
    }

    [Fact]
    public async Task A_run_stops_at_its_bound_and_the_next_run_deletes_the_rest()
    {
        var time = new ManualTimeProvider(Start);
        var storage = Storage(new WebhookDeliverySweepOptions { Margin = TimeSpan.Zero, MaxRowsPerRun = 3 });
        var store = new TableWebhookReplayStore(storage, time);
        // Rows of one partition are deleted in one transaction: three keys share a partition, two have their own.
        foreach (var delivery in SamePartition(3).Concat(["luma:a", "luma:b"]))
        {
            Assert.True(await store.TryMarkSeenAsync(delivery, Start.AddMinutes(1)));
        }
        Assert.True(await store.TryMarkSeenAsync("luma:current", Start.AddHours(1)));
        time.Set(Start.AddMinutes(2));
        var sweeper = new WebhookDeliverySweep(storage, time);

        var first = await sweeper.SweepAsync();
        var second = await sweeper.SweepAsync();
        var third = await sweeper.SweepAsync();

        Assert.Equal(new WebhookDeliverySweepResult(3, More: true), first);
        Assert.Equal(new WebhookDeliverySweepResult(2, More: false), second);
        Assert.Equal(new WebhookDeliverySweepResult(0, More: false), third);
        Assert.Equal(["luma:current"], await DeliveriesAsync(storage));
    }

    /// <summary>Delivery keys whose rows share a partition (the first byte of the key's SHA-256, as the store keys them).</summary>
    private static IEnumerable<string> SamePartition(int count)
    {
        static byte FirstByte(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key))[0];
        var partition = FirstByte("fal:0");
        return Enumerable.Range(0, int.MaxValue).Select(i => $"fal:{i}").Where(key => FirstByte(key) == partition).Take(count);
    }

    private static async Task<List<string>> DeliveriesAsync(WorkflowStorage storage) =>
        (await storage.WebhookDeliveries.QueryAsync().ToListAsync()).Select(row => (string)row.Properties["DeliveryKey"]).Order(StringComparer.Ordinal).ToList();

    private WorkflowStorage Storage(WebhookDeliverySweepOptions sweep) =>
        new(new WorkflowOptions { WebhookDeliveryTable = AzuriteFixture.UniqueName("deliveries"), WebhookDeliverySweep = sweep },
            new StorageOptions { ConnectionString = azurite.ConnectionString }, clientOptions: AzuriteFixture.FastRetryOptions());
}
