using System.Globalization;
using Azure.Core;
using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Blobs;

/// <summary>
/// A blob container on Azure Storage or Azurite, over Azure.Core's HttpPipeline (retries including 503/500 ServerBusy,
/// logging with secrets redacted, distributed tracing, cancellation). Authenticates with the account key (Shared Key) or any
/// Microsoft Entra ID <see cref="TokenCredential"/>. Thread-safe; create one per container and reuse it.
/// </summary>
public sealed class BlobContainerClient : IBlobContainer
{
    private readonly StorageResource _container;

    /// <summary>From a connection string (e.g. UseDevelopmentStorage=true).</summary>
    public BlobContainerClient(string connectionString, string containerName, StorageClientOptions? options = null)
        : this(StorageResource.FromConnectionString(connectionString, StorageService.Blob, StorageNames.ContainerOrQueue(containerName, "container"), options ?? new()))
    {
    }

    /// <summary>From the container's URI and the account key.</summary>
    public BlobContainerClient(Uri containerUri, AzureNamedKeyCredential credential, StorageClientOptions? options = null)
        : this(StorageResource.FromSharedKey(containerUri, credential, StorageService.Blob, options ?? new()))
    {
    }

    /// <summary>From the container's URI and a Microsoft Entra ID credential (e.g. DefaultAzureCredential). Requires https.</summary>
    public BlobContainerClient(Uri containerUri, TokenCredential credential, StorageClientOptions? options = null)
        : this(StorageResource.FromToken(containerUri, credential, options ?? new()))
    {
    }

    private BlobContainerClient(StorageResource container) => _container = container;

    public string Name => _container.Name;

    public Uri Uri => _container.Uri;

    public bool CanGenerateSasUri => _container.SharedKey is not null;

    public async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _container.CreateMessage(RequestMethod.Put);
        message.Request.Uri.AppendQuery("restype", "container");
        try
        {
            var response = await _container.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return Response.FromValue(true, response);
        }
        catch (StorageRequestFailedException e) when (e.ErrorCode == "ContainerAlreadyExists")
        {
            return Response.FromValue(false, e.GetRawResponse()!);
        }
    }

    public Task<Response<BlobContentInfo>> UploadAsync(string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BlobUploadOptions();
        if (options.BlockSize is < 1 or > BlockBlobUpload.MaxBlockSize || options.MaxConcurrency < 1)
        {
            throw new ArgumentException("BlockSize must be 1 byte to 100 MiB and MaxConcurrency at least 1.", nameof(options));
        }
        return new BlockBlobUpload(_container, StorageNames.BlobPath(blobName), options).RunAsync(content, cancellationToken);
    }

    public async Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(string blobName, HttpRange range = default, CancellationToken cancellationToken = default)
    {
        var message = _container.CreateMessage(RequestMethod.Get, StorageNames.BlobPath(blobName));
        message.BufferResponse = false;
        if (range != default)
        {
            message.Request.Headers.SetValue("x-ms-range", range.ToString());
        }
        try
        {
            var response = await _container.SendAsync(message, cancellationToken).ConfigureAwait(false);
            // The message owns the response; the stream is handed over, and disposing it releases the connection.
            var content = message.ExtractResponseContent() ?? Stream.Null;
            return Response.FromValue(new BlobDownloadStreamingResult(content, BlobHeaders.ReadProperties(response)), response);
        }
        finally
        {
            message.Dispose();
        }
    }

    public async Task<Response<BlobProperties>> GetPropertiesAsync(string blobName, CancellationToken cancellationToken = default)
    {
        using var message = _container.CreateMessage(RequestMethod.Head, StorageNames.BlobPath(blobName));
        var response = await _container.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(BlobHeaders.ReadProperties(response), response);
    }

    public AsyncPageable<BlobItem> GetBlobsAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        new ContinuationPageable<BlobItem>(async (marker, pageSize, ct) =>
        {
            using var message = _container.CreateMessage(RequestMethod.Get);
            message.Request.Uri.AppendQuery("restype", "container");
            message.Request.Uri.AppendQuery("comp", "list");
            message.Request.Uri.AppendQuery("include", "metadata");
            if (!string.IsNullOrEmpty(prefix))
            {
                message.Request.Uri.AppendQuery("prefix", prefix);
            }
            if (marker is not null)
            {
                message.Request.Uri.AppendQuery("marker", marker);
            }
            if (pageSize is { } size)
            {
                message.Request.Uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture));
            }
            var response = await _container.SendAsync(message, ct).ConfigureAwait(false);
            var (items, next) = BlobListing.Parse(response.ContentStream!);
            return Page<BlobItem>.FromValues(items, next, response);
        }, cancellationToken);

    public async Task<Response> DeleteBlobAsync(string blobName, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var message = _container.CreateMessage(RequestMethod.Delete, StorageNames.BlobPath(blobName));
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        if (ifMatch is { } etag)
        {
            message.Request.Headers.SetValue("If-Match", etag.ToString("H"));
        }
        return await _container.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public Uri GenerateReadSasUri(string blobName, DateTimeOffset expiresOn) =>
        BlobSas.ReadUri(_container, blobName, StorageNames.BlobPath(blobName), expiresOn);
}
