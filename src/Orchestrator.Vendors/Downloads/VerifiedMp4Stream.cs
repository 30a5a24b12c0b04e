namespace Orchestrator.Vendors.Downloads;

/// <summary>
/// A read-only pass-through over a vendor's response body that proves, while it is read, that the whole announced clip
/// arrived: the byte count must equal Content-Length (and the vendor's announced file size), a dropped connection is a
/// truncation, and the file must start like an ISO-BMFF file (a 'ftyp' box). Checks happen as the bytes pass, so a
/// caller streaming to Blob storage never holds the clip in memory.
/// </summary>
internal sealed class VerifiedMp4Stream : Stream
{
    private static readonly byte[] Ftyp = "ftyp"u8.ToArray();
    private readonly Stream inner;
    private readonly long? expected;
    private readonly string source;
    private readonly byte[] header = new byte[8];
    private long read;

    public VerifiedMp4Stream(Stream inner, long? expectedBytes, string source)
    {
        this.inner = inner;
        expected = expectedBytes;
        this.source = source;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => expected ?? throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count;
        try
        {
            count = inner.Read(buffer);
        }
        catch (IOException exception)
        {
            throw Truncated(exception);
        }
        return Check(buffer[..count]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Truncated(exception);
        }
        return Check(buffer.Span[..count]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Check(ReadOnlySpan<byte> chunk)
    {
        if (read < header.Length)
        {
            var take = (int)Math.Min(chunk.Length, header.Length - read);
            chunk[..take].CopyTo(header.AsSpan((int)read));
            if (read + take == header.Length && !header.AsSpan(4, 4).SequenceEqual(Ftyp))
            {
                throw new VendorDownloadException(DownloadProblem.Corrupt, $"{source} is not an MP4: no 'ftyp' box at its start.");
            }
        }
        read += chunk.Length;
        if (expected is { } size && read > size)
        {
            throw new VendorDownloadException(DownloadProblem.Oversized, $"{source} sent more than the announced {size} bytes.");
        }
        if (chunk.Length == 0)
        {
            if (expected is { } total && read < total)
            {
                throw new VendorDownloadException(DownloadProblem.Truncated, $"{source} ended after {read} of {total} bytes.");
            }
            if (read < header.Length)
            {
                throw new VendorDownloadException(DownloadProblem.Corrupt, $"{source} is not an MP4: only {read} bytes.");
            }
        }
        return chunk.Length;
    }

    private VendorDownloadException Truncated(IOException exception) =>
        new(DownloadProblem.Truncated, $"{source} dropped the connection after {read}{(expected is { } size ? $" of {size}" : string.Empty)} bytes.", exception);
}
