namespace Orchestrator.Storage.Blobs;

/// <summary>How to upload a blob.</summary>
public sealed record BlobUploadOptions
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    /// <summary>The blob's Content-Type (e.g. video/mp4).</summary>
    public string? ContentType { get; init; }

    /// <summary>User metadata (x-ms-meta-*): names must be C# identifiers, values ASCII.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Replace an existing blob. False (the default) makes a second upload to the same name fail with 409 BlobAlreadyExists.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Bytes per block (and the largest blob sent in one Put Blob). Between 1 byte and 100 MiB.</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>Blocks in flight at once. Memory held is (MaxConcurrency + 1) x BlockSize.</summary>
    public int MaxConcurrency { get; init; } = 2;
}

/// <summary>The result of an upload: the new version's ETag and time, and the MD5 of the whole content as stored on the blob.</summary>
public sealed record BlobContentInfo(ETag ETag, DateTimeOffset LastModified, byte[] ContentHash, long ContentLength);

/// <summary>A blob's system properties and user metadata.</summary>
public sealed record BlobProperties(
    long ContentLength,
    string? ContentType,
    byte[]? ContentHash,
    ETag ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>One entry of a listing.</summary>
public sealed record BlobItem(string Name, BlobProperties Properties);

/// <summary>A download in progress: read <see cref="Content"/> to the end or dispose early. Disposing releases the connection.</summary>
public sealed class BlobDownloadStreamingResult(Stream content, BlobProperties details) : IDisposable, IAsyncDisposable
{
    /// <summary>The blob's bytes (or the requested range), read from the network as consumed.</summary>
    public Stream Content { get; } = content;

    /// <summary>The properties of the blob (ContentLength is the length of what Content yields).</summary>
    public BlobProperties Details { get; } = details;

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
