using System.Globalization;
using Azure.Core;

namespace Orchestrator.Storage.Blobs;

/// <summary>Reads blob properties from response headers and writes content type and metadata onto requests.</summary>
internal static class BlobHeaders
{
    private const string MetadataPrefix = "x-ms-meta-";

    public static BlobProperties ReadProperties(Response response)
    {
        var headers = response.Headers;
        var metadata = headers
            .Where(h => h.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Name[MetadataPrefix.Length..], h => h.Value, StringComparer.OrdinalIgnoreCase);
        // A ranged read's Content-MD5 is the range's; the blob's own hash travels as x-ms-blob-content-md5.
        var hash = headers.TryGetValue("x-ms-blob-content-md5", out var blobMd5) ? blobMd5
            : headers.TryGetValue("Content-MD5", out var md5) ? md5 : null;
        return new BlobProperties(
            headers.ContentLength ?? 0,
            headers.ContentType,
            hash is null ? null : Convert.FromBase64String(hash),
            headers.ETag ?? default,
            LastModified(response),
            metadata);
    }

    public static DateTimeOffset LastModified(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var value)
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : default;

    /// <summary>Content type, metadata and the whole-content MD5 that the committed blob will carry.</summary>
    public static void WriteBlobHeaders(Request request, BlobUploadOptions options, byte[] contentMd5)
    {
        if (options.ContentType is not null)
        {
            request.Headers.SetValue("x-ms-blob-content-type", options.ContentType);
        }
        request.Headers.SetValue("x-ms-blob-content-md5", Convert.ToBase64String(contentMd5));
        foreach (var (name, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            request.Headers.SetValue(MetadataPrefix + name, value);
        }
        if (!options.Overwrite)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }
    }
}
