using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Queues;
using Orchestrator.Storage.Tables;
using Orchestrator.Storage.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

/// <summary>The production path: Microsoft Entra ID tokens (any TokenCredential) instead of the account key, over TLS.</summary>
public sealed class EntraIdTests(HttpsOAuthAzurite tls, AzuriteFixture plain) : IClassFixture<HttpsOAuthAzurite>, IClassFixture<AzuriteFixture>
{
    private T Options<T>(T options)
        where T : StorageClientOptions
    {
        options.Transport = tls.Transport();
        return options;
    }

    private static Uri Child(Uri endpoint, string name) => new(endpoint.AbsoluteUri.TrimEnd('/') + "/" + name);

    [Fact]
    public async Task Blobs_work_with_a_token_credential_and_ask_for_the_storage_scope()
    {
        var credential = new TestEntraIdCredential();
        var container = new BlobContainerClient(Child(tls.Azurite.BlobEndpoint, AzuriteFixture.UniqueName("entra")), credential, Options(new StorageClientOptions()));

        await container.CreateIfNotExistsAsync();
        await container.UploadAsync("clip.mp4", new GeneratedStream(150_000, seed: 8), new BlobUploadOptions { BlockSize = 64 * 1024, ContentType = "video/mp4" });
        await using var download = (await container.DownloadStreamingAsync("clip.mp4")).Value;

        Assert.Equal(GeneratedStream.Bytes(150_000, seed: 8), await Blobs.BlobContainerTests.ReadAllAsync(download.Content));
        Assert.Equal("video/mp4", download.Details.ContentType);
        Assert.NotEmpty(credential.RequestedScopes);
        Assert.All(credential.RequestedScopes, scope => Assert.Equal("https://storage.azure.com/.default", scope));
        Assert.False(container.CanGenerateSasUri);
        Assert.Throws<InvalidOperationException>(() => container.GenerateReadSasUri("clip.mp4", DateTimeOffset.UtcNow.AddHours(1)));
    }

    [Fact]
    public async Task Tables_and_queues_work_with_a_token_credential()
    {
        var credential = new TestEntraIdCredential();
        var table = new TableClient(Child(tls.Azurite.TableEndpoint, AzuriteFixture.UniqueName("entra")), credential, Options(new StorageClientOptions()));
        var queue = new QueueClient(Child(tls.Azurite.QueueEndpoint, AzuriteFixture.UniqueName("entra")), credential, Options(new QueueClientOptions()));

        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r", new Dictionary<string, object> { ["Cost"] = 1.25m }));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("by token");

        Assert.Equal("1.25", (await table.GetEntityAsync("p", "r")).Value.Properties["Cost"]);
        Assert.Equal("by token", Assert.Single((await queue.ReceiveMessagesAsync()).Value).Body);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = new TestEntraIdCredential(lifetimeOffset: TimeSpan.FromHours(-3));
        var container = new BlobContainerClient(Child(tls.Azurite.BlobEndpoint, AzuriteFixture.UniqueName("entra")), expired, Options(new StorageClientOptions()));

        var refused = await Assert.ThrowsAsync<StorageRequestFailedException>(() => container.CreateIfNotExistsAsync());

        Assert.Equal(403, refused.Status);
        Assert.Equal("AuthenticationFailed", refused.ErrorCode);
    }

    [Fact]
    public async Task A_token_is_never_sent_over_plain_http()
    {
        var credential = new TestEntraIdCredential();
        var container = new BlobContainerClient(Child(plain.Azurite.BlobEndpoint, AzuriteFixture.UniqueName("entra")), credential);

        await Assert.ThrowsAsync<InvalidOperationException>(() => container.CreateIfNotExistsAsync());

        Assert.Empty(credential.RequestedScopes);
    }
}
