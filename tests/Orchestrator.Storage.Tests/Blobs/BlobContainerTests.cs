using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Blobs;

public sealed class BlobContainerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("blobs"), AzuriteFixture.FastRetryOptions());
        Assert.True((await container.CreateIfNotExistsAsync()).Value);
        return container;
    }

    [Fact]
    public async Task Create_if_not_exists_reports_whether_it_created()
    {
        var container = await NewContainerAsync();

        var again = await container.CreateIfNotExistsAsync();

        Assert.False(again.Value);
        Assert.Equal(409, again.GetRawResponse().Status);
    }

    [Fact]
    public async Task Small_blob_round_trips_content_type_metadata_and_md5()
    {
        var container = await NewContainerAsync();
        var content = Encoding.UTF8.GetBytes("a small clip stand-in");
        var metadata = new Dictionary<string, string> { ["team"] = "studio-a", ["jobId"] = "job-42" };

        var uploaded = await container.UploadAsync("studio-a/2026/01/job-42.mp4", new MemoryStream(content),
            new BlobUploadOptions { ContentType = "video/mp4", Metadata = metadata });

        var properties = (await container.GetPropertiesAsync("studio-a/2026/01/job-42.mp4")).Value;
        Assert.Equal("video/mp4", properties.ContentType);
        Assert.Equal(content.Length, properties.ContentLength);
        Assert.Equal(MD5.HashData(content), properties.ContentHash);
        Assert.Equal(uploaded.Value.ETag, properties.ETag);
        Assert.Equal("studio-a", properties.Metadata["team"]);
        Assert.Equal("job-42", properties.Metadata["jobId"]);

        await using var download = (await container.DownloadStreamingAsync("studio-a/2026/01/job-42.mp4")).Value;
        Assert.Equal(content, await ReadAllAsync(download.Content));
        Assert.Equal("video/mp4", download.Details.ContentType);
    }

    [Fact]
    public async Task Unknown_length_stream_goes_up_in_blocks_and_commits_whole()
    {
        var container = await NewContainerAsync();
        const int length = 5 * 64 * 1024 + 123; // six blocks, the last one short

        var uploaded = await container.UploadAsync("multi.bin", new GeneratedStream(length, seed: 7, maxChunk: 10_007),
            new BlobUploadOptions { BlockSize = 64 * 1024, MaxConcurrency = 3, ContentType = "application/octet-stream" });

        var expected = GeneratedStream.Bytes(length, seed: 7);
        Assert.Equal(MD5.HashData(expected), uploaded.Value.ContentHash);
        Assert.Equal(length, uploaded.Value.ContentLength);
        await using var download = (await container.DownloadStreamingAsync("multi.bin")).Value;
        Assert.Equal(expected, await ReadAllAsync(download.Content));
        Assert.Equal(MD5.HashData(expected), download.Details.ContentHash);
    }

    [Fact]
    public async Task Content_exactly_one_block_long_and_empty_content_both_upload()
    {
        var container = await NewContainerAsync();
        var exact = GeneratedStream.Bytes(4096, seed: 3);

        await container.UploadAsync("exact.bin", new GeneratedStream(4096, seed: 3), new BlobUploadOptions { BlockSize = 4096 });
        await container.UploadAsync("empty.bin", new GeneratedStream(0));

        await using (var download = (await container.DownloadStreamingAsync("exact.bin")).Value)
        {
            Assert.Equal(exact, await ReadAllAsync(download.Content));
        }
        Assert.Equal(0, (await container.GetPropertiesAsync("empty.bin")).Value.ContentLength);
    }

    [Fact]
    public async Task A_second_upload_to_a_finished_blob_is_refused_and_leaves_it_intact()
    {
        var container = await NewContainerAsync();
        var first = GeneratedStream.Bytes(200_000, seed: 1);
        await container.UploadAsync("done.mp4", new GeneratedStream(200_000, seed: 1), new BlobUploadOptions { BlockSize = 65536 });

        var multiBlock = await Assert.ThrowsAsync<StorageRequestFailedException>(() =>
            container.UploadAsync("done.mp4", new GeneratedStream(200_000, seed: 2), new BlobUploadOptions { BlockSize = 65536 }));
        var singleShot = await Assert.ThrowsAsync<StorageRequestFailedException>(() =>
            container.UploadAsync("done.mp4", new GeneratedStream(10, seed: 2)));

        foreach (var refusal in new[] { multiBlock, singleShot })
        {
            Assert.True(refusal.IsConflict);
            Assert.False(refusal.IsPreconditionFailed);
            Assert.Equal("BlobAlreadyExists", refusal.ErrorCode);
            Assert.False(string.IsNullOrEmpty(refusal.RequestId));
        }
        await using var download = (await container.DownloadStreamingAsync("done.mp4")).Value;
        Assert.Equal(first, await ReadAllAsync(download.Content));
    }

    [Fact]
    public async Task Overwrite_replaces_when_asked()
    {
        var container = await NewContainerAsync();
        await container.UploadAsync("v.txt", new MemoryStream("one"u8.ToArray()));

        await container.UploadAsync("v.txt", new MemoryStream("two"u8.ToArray()), new BlobUploadOptions { Overwrite = true });

        await using var download = (await container.DownloadStreamingAsync("v.txt")).Value;
        Assert.Equal("two", Encoding.UTF8.GetString(await ReadAllAsync(download.Content)));
    }

    [Fact]
    public async Task Ranged_download_returns_just_the_range()
    {
        var container = await NewContainerAsync();
        var bytes = GeneratedStream.Bytes(10_000, seed: 9);
        await container.UploadAsync("ranged.bin", new GeneratedStream(10_000, seed: 9));

        await using var download = (await container.DownloadStreamingAsync("ranged.bin", new HttpRange(1000, 500))).Value;

        Assert.Equal(bytes[1000..1500], await ReadAllAsync(download.Content));
        Assert.Equal(500, download.Details.ContentLength);
        Assert.Equal(MD5.HashData(bytes), download.Details.ContentHash); // the blob's hash, not the range's
    }

    [Fact]
    public async Task Listing_by_prefix_pages_with_continuation_tokens()
    {
        var container = await NewContainerAsync();
        for (var i = 0; i < 5; i++)
        {
            await container.UploadAsync($"team-a/2026/01/job{i}.mp4", new MemoryStream([(byte)i]),
                new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["index"] = $"{i}" } });
        }
        await container.UploadAsync("team-b/2026/01/other.mp4", new MemoryStream([9]));

        var pages = new List<Page<BlobItem>>();
        await foreach (var page in container.GetBlobsAsync("team-a/").AsPages(pageSizeHint: 2))
        {
            pages.Add(page);
        }
        var firstPage = await FirstPageAsync(container.GetBlobsAsync("team-a/"), 2);
        var resumed = new List<string>();
        await foreach (var page in container.GetBlobsAsync("team-a/").AsPages(firstPage.ContinuationToken, 2))
        {
            resumed.AddRange(page.Values.Select(b => b.Name));
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Values.Count));
        Assert.Null(pages[^1].ContinuationToken);
        var all = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"team-a/2026/01/job{i}.mp4"), all.Select(b => b.Name));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{i}"), all.Select(b => b.Properties.Metadata["index"]));
        Assert.All(all, b => Assert.Equal(1, b.Properties.ContentLength));
        Assert.Equal(all.Skip(2).Select(b => b.Name), resumed);
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_honours_its_etag()
    {
        var container = await NewContainerAsync();
        var first = await container.UploadAsync("gone.bin", new MemoryStream([1]));
        await container.UploadAsync("gone.bin", new MemoryStream([2]), new BlobUploadOptions { Overwrite = true });

        var stale = await Assert.ThrowsAsync<StorageRequestFailedException>(() => container.DeleteBlobAsync("gone.bin", first.Value.ETag));
        await container.DeleteBlobAsync("gone.bin");
        var missing = await Assert.ThrowsAsync<StorageRequestFailedException>(() => container.GetPropertiesAsync("gone.bin"));
        var missingDownload = await Assert.ThrowsAsync<StorageRequestFailedException>(() => container.DownloadStreamingAsync("gone.bin"));

        Assert.True(stale.IsPreconditionFailed);
        Assert.Equal("ConditionNotMet", stale.ErrorCode);
        Assert.True(missing.IsNotFound);
        Assert.True(missingDownload.IsNotFound);
        Assert.Equal("BlobNotFound", missingDownload.ErrorCode);
    }

    [Fact]
    public async Task Read_sas_url_is_fetched_by_a_plain_http_client_without_the_key()
    {
        var container = await NewContainerAsync();
        var bytes = GeneratedStream.Bytes(70_000, seed: 5);
        await container.UploadAsync("team/2026/01/clip one.mp4", new GeneratedStream(70_000, seed: 5), new BlobUploadOptions { ContentType = "video/mp4" });
        using var http = new HttpClient();

        var sas = container.GenerateReadSasUri("team/2026/01/clip one.mp4", DateTimeOffset.UtcNow.AddHours(1));
        using var response = await http.GetAsync(sas);
        var tampered = new Uri(sas.AbsoluteUri.Replace("sp=r", "sp=rw", StringComparison.Ordinal));
        using var tamperedResponse = await http.GetAsync(tampered);
        var expired = container.GenerateReadSasUri("team/2026/01/clip one.mp4", DateTimeOffset.UtcNow.AddMinutes(-5));
        using var expiredResponse = await http.GetAsync(expired);
        using var unsigned = await http.GetAsync(new Uri(sas.GetLeftPart(UriPartial.Path)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, tamperedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expiredResponse.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, unsigned.StatusCode);
        Assert.DoesNotContain(StorageConnectionString.DevelopmentAccountKey, sas.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_built_from_uri_and_key_reaches_the_same_container()
    {
        var container = await NewContainerAsync();
        await container.UploadAsync("shared.txt", new MemoryStream("hello"u8.ToArray()));
        var byUri = new BlobContainerClient(container.Uri, Orchestrator.Storage.Local.AzuriteProcess.DevelopmentCredential());
        var wrongKey = new BlobContainerClient(container.Uri, new AzureNamedKeyCredential(StorageConnectionString.DevelopmentAccountName,
            Convert.ToBase64String(new byte[64])));

        var properties = await byUri.GetPropertiesAsync("shared.txt");
        var refused = await Assert.ThrowsAsync<StorageRequestFailedException>(() => wrongKey.GetPropertiesAsync("shared.txt"));

        Assert.Equal(5, properties.Value.ContentLength);
        Assert.Equal(403, refused.Status);
    }

    private static async Task<Page<BlobItem>> FirstPageAsync(AsyncPageable<BlobItem> pageable, int size)
    {
        await foreach (var page in pageable.AsPages(pageSizeHint: size))
        {
            return page;
        }
        throw new InvalidOperationException("no page");
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
