using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Blobs;

// MD5 here is the integrity check the Blob protocol defines (Content-MD5), not a security measure.
#pragma warning disable CA5351

/// <summary>
/// Uploads a stream of unknown length as a block blob with bounded memory: it reads one block at a time into a small set of
/// reused buffers, sends up to MaxConcurrency blocks at once (each with its Content-MD5, which the service verifies), and
/// commits the block list conditionally. Content that fits in one block goes up in a single Put Blob.
/// </summary>
internal sealed class BlockBlobUpload(StorageResource container, string blobPath, BlobUploadOptions options)
{
    public const int MaxBlockSize = 100 * 1024 * 1024;
    private readonly string _uploadId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public async Task<Response<BlobContentInfo>> RunAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var wholeMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var free = new Stack<byte[]>();
        var inFlight = new List<(Task Task, byte[] Buffer)>();
        var blockIds = new List<string>();
        long total = 0;
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                var buffer = free.Count > 0 ? free.Pop() : GC.AllocateUninitializedArray<byte>(options.BlockSize);
                var read = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
                total += read;
                wholeMd5.AppendData(buffer, 0, read);
                if (blockIds.Count == 0 && read < buffer.Length)
                {
                    return await PutBlobAsync(buffer.AsMemory(0, read), wholeMd5.GetHashAndReset(), cancellationToken).ConfigureAwait(false);
                }
                if (read == 0)
                {
                    break;
                }
                if (inFlight.Count == options.MaxConcurrency)
                {
                    free.Push(await NextFinishedAsync(inFlight).ConfigureAwait(false));
                }
                var blockId = BlockId(blockIds.Count);
                blockIds.Add(blockId);
                inFlight.Add((PutBlockAsync(blockId, buffer.AsMemory(0, read), failFast.Token), buffer));
                if (read < buffer.Length)
                {
                    break;
                }
            }
            await Task.WhenAll(inFlight.Select(f => f.Task)).ConfigureAwait(false);
        }
        catch
        {
            // Stop the other blocks and let them finish before their buffers go; the uncommitted blocks expire on the service.
            await failFast.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight.Select(f => f.Task)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
        return await PutBlockListAsync(blockIds, wholeMd5.GetHashAndReset(), total, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> NextFinishedAsync(List<(Task Task, byte[] Buffer)> inFlight)
    {
        var finished = await Task.WhenAny(inFlight.Select(f => f.Task)).ConfigureAwait(false);
        var index = inFlight.FindIndex(f => f.Task == finished);
        var buffer = inFlight[index].Buffer;
        inFlight.RemoveAt(index);
        await finished.ConfigureAwait(false);
        return buffer;
    }

    /// <summary>Reads until the buffer is full or the stream ends: a short read means the end, whatever the stream's chunking.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }

    // Block ids must all have the same length; the per-upload prefix keeps a crashed attempt's blocks out of this one's list.
    private string BlockId(int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_uploadId}-{index:D6}")));

    private async Task<Response<BlobContentInfo>> PutBlobAsync(ReadOnlyMemory<byte> data, byte[] md5, CancellationToken cancellationToken)
    {
        using var message = container.CreateMessage(RequestMethod.Put, blobPath);
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        BlobHeaders.WriteBlobHeaders(message.Request, options, md5);
        message.Request.Content = RequestContent.Create(data);
        var response = await container.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(ContentInfo(response, md5, data.Length), response);
    }

    private async Task PutBlockAsync(string blockId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var message = container.CreateMessage(RequestMethod.Put, blobPath);
        message.Request.Uri.AppendQuery("comp", "block");
        message.Request.Uri.AppendQuery("blockid", blockId);
        message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(MD5.HashData(data.Span)));
        message.Request.Content = RequestContent.Create(data);
        await container.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response<BlobContentInfo>> PutBlockListAsync(List<string> blockIds, byte[] md5, long length, CancellationToken cancellationToken)
    {
        var body = new XDocument(new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id))));
        using var message = container.CreateMessage(RequestMethod.Put, blobPath);
        message.Request.Uri.AppendQuery("comp", "blocklist");
        message.Request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
        BlobHeaders.WriteBlobHeaders(message.Request, options, md5);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)));
        var response = await container.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(ContentInfo(response, md5, length), response);
    }

    private static BlobContentInfo ContentInfo(Response response, byte[] md5, long length) =>
        new(response.Headers.ETag ?? default, BlobHeaders.LastModified(response), md5, length);
}
