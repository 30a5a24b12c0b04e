namespace Orchestrator.Vendors;

/// <summary>Where a finished clip is. <see cref="ExpectedBytes"/> is the size the vendor announced in the job (fal file_size), if any.</summary>
public sealed record VendorOutput(Uri Url, string ContentType, DateTimeOffset? ExpiresAt, long? ExpectedBytes, bool C2paExpected);

/// <summary>What a cancel did. Some vendors cannot cancel (Kling): <see cref="Supported"/> is false and the job runs on.</summary>
public sealed record VendorCancelResult(bool Supported, bool Accepted, string RawStatus, string Note);

/// <summary>
/// An open download: <see cref="Content"/> verifies itself as it is read (length and MP4 signature). Dispose it.
/// </summary>
public sealed class VendorDownload : IAsyncDisposable, IDisposable
{
    private readonly IDisposable owner;

    internal VendorDownload(Stream content, VendorOutput output, long? contentLength, IDisposable owner)
    {
        Content = content;
        Output = output;
        ContentLength = contentLength;
        this.owner = owner;
    }

    public Stream Content { get; }

    public VendorOutput Output { get; }

    /// <summary>The Content-Length the server sent, if any.</summary>
    public long? ContentLength { get; }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        owner.Dispose();
    }

    public void Dispose()
    {
        Content.Dispose();
        owner.Dispose();
    }
}
