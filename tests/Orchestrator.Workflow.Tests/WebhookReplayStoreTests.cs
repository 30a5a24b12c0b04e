using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Testing;
using Orchestrator.Vendors;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Workflow.Tests;

/// <summary>The Table-storage replay store on real Azurite: a delivery accepted by one host is a replay to every other.</summary>
public sealed class WebhookReplayStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_delivery_seen_by_one_host_is_a_replay_to_another_until_it_expires()
    {
        var table = AzuriteFixture.UniqueName("deliveries");
        var time = new ManualTimeProvider(Start);
        var first = new TableWebhookReplayStore(Storage(table), time);
        var second = new TableWebhookReplayStore(Storage(table), time);
        var keepUntil = Start.AddMinutes(10);
        // Vendor delivery ids may carry characters table keys forbid.
        const string Delivery = "fal:req/42#retry?1";

        Assert.True(await first.TryMarkSeenAsync(Delivery, keepUntil));
        Assert.False(await second.TryMarkSeenAsync(Delivery, keepUntil));
        Assert.False(await first.TryMarkSeenAsync(Delivery, keepUntil));
        Assert.True(await second.TryMarkSeenAsync("fal:req/43", keepUntil));

        // Past its keep-until the delivery could not pass the age check anyway: the row is taken over, once.
        time.Set(keepUntil.AddSeconds(1));
        Assert.True(await second.TryMarkSeenAsync(Delivery, keepUntil.AddMinutes(10)));
        Assert.False(await first.TryMarkSeenAsync(Delivery, keepUntil.AddMinutes(10)));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_delivery_on_many_hosts_pass_once()
    {
        var table = AzuriteFixture.UniqueName("deliveries");
        var stores = Enumerable.Range(0, 8).Select(_ => new TableWebhookReplayStore(Storage(table), TimeProvider.System)).ToList();
        var keepUntil = DateTimeOffset.UtcNow.AddMinutes(10);

        var passed = await Task.WhenAll(stores.Select(store => store.TryMarkSeenAsync("kling:task-7", keepUntil).AsTask()));

        Assert.Single(passed, seen => seen);
    }

    [Fact]
    public void The_workflow_registers_the_shared_store_for_its_vendor_clients()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Storage:ConnectionString"] = azurite.ConnectionString,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddJobWorkflowServices(configuration).BuildServiceProvider();

        Assert.IsType<TableWebhookReplayStore>(services.GetRequiredService<IWebhookReplayStore>());
        Assert.NotNull(services.GetRequiredService<VendorClients>());
    }

    private WorkflowStorage Storage(string table) =>
        new(new WorkflowOptions { WebhookDeliveryTable = table }, new StorageOptions { ConnectionString = azurite.ConnectionString }, clientOptions: AzuriteFixture.FastRetryOptions());
}
