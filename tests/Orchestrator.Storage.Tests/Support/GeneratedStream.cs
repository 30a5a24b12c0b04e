namespace Orchestrator.Storage.Tests.Support;

/// <summary>
/// A read-only, non-seekable stream of deterministic pseudo-random bytes of a length the reader cannot ask for: it stands
/// for a vendor's MP4 arriving over the network. Short reads of odd sizes exercise the uploader's block filling.
/// </summary>
internal sealed class GeneratedStream(long length, ulong seed = 0x9E3779B97F4A7C15, int maxChunk = 100_003) : Stream
{
    private ulong _state = seed;
    private ulong _word;
    private long _position;

    /// <summary>Called after each read with the total bytes produced so far.</summary>
    public Action<long>? OnRead { get; init; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(Math.Min(buffer.Length, maxChunk), length - _position);
        for (var i = 0; i < count; i++, _position++)
        {
            var shift = (int)(_position & 7) * 8;
            if (shift == 0)
            {
                // xorshift64*: cheap, deterministic, incompressible enough to be honest content; 8 bytes per step.
                _state ^= _state >> 12;
                _state ^= _state << 25;
                _state ^= _state >> 27;
                _word = _state * 0x2545F4914F6CDD1DUL;
            }
            buffer[i] = (byte)(_word >> shift);
        }
        OnRead?.Invoke(_position);
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The bytes a stream with this length and seed yields, all at once (for small expectations).</summary>
    public static byte[] Bytes(int length, ulong seed = 0x9E3779B97F4A7C15)
    {
        var bytes = new byte[length];
        new GeneratedStream(length, seed).ReadExactly(bytes);
        return bytes;
    }
}
