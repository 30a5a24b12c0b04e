using System.Net;
using Azure.Core.Pipeline;
using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Queues;
using Orchestrator.Storage.Tables;
using Orchestrator.Storage.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

public sealed class ResilienceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static T WithFaults<T>(T options, FaultInjectingHandler faults)
        where T : StorageClientOptions
    {
        AzuriteFixture.WithFastRetries(options);
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        return options;
    }

    [Fact]
    public async Task Blob_requests_are_retried_through_503_server_busy()
    {
        using var faults = new FaultInjectingHandler(2, HttpStatusCode.ServiceUnavailable, "ServerBusy");
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("busy"), WithFaults(new StorageClientOptions(), faults));

        var created = await container.CreateIfNotExistsAsync();
        await container.UploadAsync("retried.bin", new GeneratedStream(300_000, seed: 4), new BlobUploadOptions { BlockSize = 100_000 });

        Assert.True(created.Value);
        Assert.Equal(3 + 4, faults.Attempts); // create: 2 refused + 1; upload: 3 blocks + commit
        await using var download = (await container.DownloadStreamingAsync("retried.bin")).Value;
        Assert.Equal(GeneratedStream.Bytes(300_000, seed: 4), await Blobs.BlobContainerTests.ReadAllAsync(download.Content));
    }

    [Fact]
    public async Task Table_and_queue_requests_are_retried_through_500_server_busy()
    {
        using var tableFaults = new FaultInjectingHandler(2, HttpStatusCode.InternalServerError, "ServerBusy");
        using var queueFaults = new FaultInjectingHandler(2, HttpStatusCode.ServiceUnavailable, "ServerBusy");
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("busy"), WithFaults(new StorageClientOptions(), tableFaults));
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("busy"), WithFaults(new QueueClientOptions(), queueFaults));

        await table.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();

        Assert.Equal(3, tableFaults.Attempts);
        Assert.Equal(3, queueFaults.Attempts);
        await table.AddEntityAsync(new TableEntity("p", "r"));
        await queue.SendMessageAsync("after the storm");
        Assert.Single((await queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_surfaces_as_a_typed_error()
    {
        using var faults = new FaultInjectingHandler(int.MaxValue, HttpStatusCode.ServiceUnavailable, "ServerBusy");
        var options = WithFaults(new StorageClientOptions(), faults);
        options.Retry.MaxRetries = 2;
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("busy"), options);

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => container.CreateIfNotExistsAsync());

        Assert.Equal(503, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal("injected-3", error.RequestId);
        Assert.Equal(3, faults.Attempts);
        Assert.Contains("the server is busy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflict_is_not_retried()
    {
        using var faults = new FaultInjectingHandler(0, HttpStatusCode.OK, "");
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("once"), WithFaults(new StorageClientOptions(), faults));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        var before = faults.Attempts;

        var conflict = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.True(conflict.IsConflict);
        Assert.Equal(before + 1, faults.Attempts);
    }

    [Fact]
    public async Task Cancellation_stops_an_upload()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("cancel"), AzuriteFixture.FastRetryOptions());
        await container.CreateIfNotExistsAsync();
        using var cancel = new CancellationTokenSource();
        var source = new GeneratedStream(64L * 1024 * 1024) { OnRead = read => { if (read > 8 * 1024 * 1024) { cancel.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            container.UploadAsync("never.bin", source, new BlobUploadOptions { BlockSize = 1024 * 1024 }, cancel.Token));

        var missing = await Assert.ThrowsAsync<StorageRequestFailedException>(() => container.GetPropertiesAsync("never.bin"));
        Assert.True(missing.IsNotFound);
    }
}
