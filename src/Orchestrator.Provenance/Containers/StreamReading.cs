namespace Orchestrator.Provenance.Containers;

/// <summary>Positioned reads that fail with a format error (not an EndOfStreamException) when the file is shorter than it claims.</summary>
internal static class StreamReading
{
    public static async ValueTask<byte[]> ReadAtAsync(Stream stream, long offset, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await ReadAtAsync(stream, offset, buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    public static async ValueTask ReadAtAsync(Stream stream, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset > stream.Length - buffer.Length)
        {
            throw new C2paFormatException($"Truncated file: {buffer.Length} bytes wanted at offset {offset}, file is {stream.Length} bytes.");
        }
        stream.Seek(offset, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
