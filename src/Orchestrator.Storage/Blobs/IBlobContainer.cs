namespace Orchestrator.Storage.Blobs;

/// <summary>
/// The blob operations the application uses, on one container. The seam the rest of the app depends on: implemented here by
/// <see cref="BlobContainerClient"/> on Azure.Core, and implementable by an adapter over Azure.Storage.Blobs' BlobContainerClient.
/// </summary>
public interface IBlobContainer
{
    /// <summary>The container's name.</summary>
    string Name { get; }

    /// <summary>The container's URI.</summary>
    Uri Uri { get; }

    /// <summary>Creates the container (private access). The value is true if this call created it, false if it existed.</summary>
    Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads a block blob from a stream of any length, seekable or not, in blocks with an MD5 per block, holding at most
    /// <see cref="BlobUploadOptions.MaxConcurrency"/> + 1 blocks in memory. Unless <see cref="BlobUploadOptions.Overwrite"/> is set,
    /// the final commit is conditional (If-None-Match: *), so a retried upload never replaces a finished one: it fails with 409 BlobAlreadyExists.
    /// </summary>
    Task<Response<BlobContentInfo>> UploadAsync(string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob (or a byte range of it) as a stream read from the network as the caller reads. Dispose the result.</summary>
    Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(string blobName, HttpRange range = default, CancellationToken cancellationToken = default);

    /// <summary>The blob's system properties and metadata.</summary>
    Task<Response<BlobProperties>> GetPropertiesAsync(string blobName, CancellationToken cancellationToken = default);

    /// <summary>Lists blobs (with metadata) whose names start with <paramref name="prefix"/>; pages resume from a continuation token.</summary>
    AsyncPageable<BlobItem> GetBlobsAsync(string? prefix = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob (and its snapshots); with <paramref name="ifMatch"/> only if it is still that version.</summary>
    Task<Response> DeleteBlobAsync(string blobName, ETag? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>True when this client can sign a SAS (it holds the account key).</summary>
    bool CanGenerateSasUri { get; }

    /// <summary>A read-only service SAS URL for one blob, valid until <paramref name="expiresOn"/>: fetchable by anyone holding it, without the key.</summary>
    Uri GenerateReadSasUri(string blobName, DateTimeOffset expiresOn);
}
