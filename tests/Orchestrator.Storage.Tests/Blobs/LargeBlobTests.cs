using System.Security.Cryptography;
using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Tests.Support;
using Orchestrator.Testing;
using Xunit.Abstractions;

namespace Orchestrator.Storage.Tests.Blobs;

/// <summary>Tests that measure process-wide memory run alone, after the parallel ones, so other tests' allocations do not count.</summary>
[CollectionDefinition(nameof(MemoryMeasured), DisableParallelization = true)]
public sealed class MemoryMeasured;

[Collection(nameof(MemoryMeasured))]
public sealed class LargeBlobTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const long Size = 256L * 1024 * 1024;
    private const long MemoryBudget = 32L * 1024 * 1024;
    private const long SampleEvery = 16L * 1024 * 1024;

    [Fact]
    public async Task A_256_MiB_stream_of_unknown_length_goes_up_and_comes_back_in_bounded_memory()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("large"), AzuriteFixture.FastRetryOptions());
        await container.CreateIfNotExistsAsync();
        var expectedSha256 = await Sha256Async(new GeneratedStream(Size, seed: 11), _ => { });

        var uploadGrowth = new PeakGrowth();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var source = new GeneratedStream(Size, seed: 11, maxChunk: 256 * 1024) { OnRead = uploadGrowth.SampleAt };
        var uploaded = (await container.UploadAsync("team/2026/01/large.mp4", source,
            new BlobUploadOptions { ContentType = "video/mp4", BlockSize = 4 * 1024 * 1024, MaxConcurrency = 2 })).Value;
        var uploadAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var downloadGrowth = new PeakGrowth();
        await using var download = (await container.DownloadStreamingAsync("team/2026/01/large.mp4")).Value;
        var downloadedSha256 = await Sha256Async(download.Content, downloadGrowth.SampleAt);

        output.WriteLine($"upload: peak live-heap growth {Mib(uploadGrowth.Peak)} MiB over {uploadGrowth.Samples} samples, allocated {Mib(uploadAllocated)} MiB");
        output.WriteLine($"download: peak live-heap growth {Mib(downloadGrowth.Peak)} MiB over {downloadGrowth.Samples} samples");
        Assert.True(uploadGrowth.Samples >= 15, "the upload must have been sampled throughout");
        Assert.True(uploadGrowth.Peak < MemoryBudget, $"upload held {Mib(uploadGrowth.Peak)} MiB (budget 32)");
        Assert.True(downloadGrowth.Peak < MemoryBudget, $"download held {Mib(downloadGrowth.Peak)} MiB (budget 32)");
        Assert.True(uploadAllocated < Size / 4, $"upload allocated {Mib(uploadAllocated)} MiB: content is being copied");
        Assert.Equal(Size, uploaded.ContentLength);
        Assert.Equal(Size, download.Details.ContentLength);
        Assert.Equal(uploaded.ContentHash, download.Details.ContentHash); // the MD5 the service stored at commit
        Assert.Equal(expectedSha256, downloadedSha256);
    }

    private static async Task<byte[]> Sha256Async(Stream content, Action<long> onProgress)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            onProgress(total += read);
        }
        return sha.GetHashAndReset();
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Live managed heap (after a full collection) above the level when sampling began, at its highest.</summary>
    private sealed class PeakGrowth
    {
        private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
        private long _next = SampleEvery;

        public long Peak { get; private set; }

        public int Samples { get; private set; }

        public void SampleAt(long bytesSoFar)
        {
            if (bytesSoFar < _next)
            {
                return;
            }
            _next += SampleEvery;
            Samples++;
            Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: true) - _baseline);
        }
    }
}
