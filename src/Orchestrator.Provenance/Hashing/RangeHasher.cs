using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestrator.Provenance.Hashing;

/// <summary>
/// Hashes a file as C2PA hard bindings define it, streaming through a fixed buffer: every byte except the excluded
/// ranges, and (BMFF hash v2 and later) the 8-byte big-endian file offset of each listed top-level box inserted into
/// the hash just before that box's first byte. A large video is never loaded into memory.
/// </summary>
public static class RangeHasher
{
    private const int BufferSize = 1 << 20;

    /// <exception cref="C2paFormatException">An exclusion reaches past the end of the file.</exception>
    public static async Task<byte[]> HashAsync(
        Stream stream,
        HashAlgorithmName algorithm,
        IEnumerable<ByteRange> exclusions,
        IEnumerable<long>? offsetMarkers = null,
        CancellationToken cancellationToken = default)
    {
        var length = stream.Length;
        var excluded = Merge(exclusions, length);
        var markers = (offsetMarkers ?? []).Distinct().Order().ToList();
        // A marker stands for its box's first byte: that byte leaves the plain ranges and is hashed with the offset,
        // and only when the box is hashed at all (the byte after the marker is included).
        var included = Subtract(length, Merge(excluded.Concat(markers.Select(m => new ByteRange(m, 1))), length));
        markers = HashedMarkers(markers, included);

        using var hash = IncrementalHash.CreateHash(algorithm);
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var offsetBytes = new byte[8];
            var marker = 0;
            foreach (var range in included.Concat(markers.Select(m => new ByteRange(m, 1))).OrderBy(r => r.Start))
            {
                if (range.Length == 1 && marker < markers.Count && markers[marker] == range.Start)
                {
                    BinaryPrimitives.WriteInt64BigEndian(offsetBytes, range.Start);
                    hash.AppendData(offsetBytes);
                    marker++;
                }
                (current, next) = await HashRangeAsync(stream, hash, range, current, next, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
        return hash.GetHashAndReset();
    }

    // Double-buffered: the next chunk is read while the current one is hashed, so I/O hides behind the hash.
    private static async Task<(byte[], byte[])> HashRangeAsync(
        Stream stream, IncrementalHash hash, ByteRange range, byte[] current, byte[] next, CancellationToken cancellationToken)
    {
        stream.Seek(range.Start, SeekOrigin.Begin);
        var left = range.Length;
        var read = await ReadChunkAsync(stream, current, left, cancellationToken).ConfigureAwait(false);
        while (read > 0)
        {
            left -= read;
            var pending = left > 0 ? ReadChunkAsync(stream, next, left, cancellationToken) : Task.FromResult(0);
            hash.AppendData(current, 0, read);
            read = await pending.ConfigureAwait(false);
            (current, next) = (next, current);
        }
        return (current, next);
    }

    private static async Task<int> ReadChunkAsync(Stream stream, byte[] buffer, long left, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(left, buffer.Length);
        var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, wanted), wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < wanted)
        {
            throw new C2paFormatException("The file ended while it was being hashed.");
        }
        return read;
    }

    /// <summary>The ranges sorted, with overlapping and touching ones joined.</summary>
    /// <exception cref="C2paFormatException">A range reaches past the end of the file.</exception>
    internal static List<ByteRange> Merge(IEnumerable<ByteRange> ranges, long length)
    {
        var merged = new List<ByteRange>();
        foreach (var range in ranges.Where(r => r.Length > 0).OrderBy(r => r.Start))
        {
            if (range.Start < 0 || range.End > length)
            {
                throw new C2paFormatException($"An exclusion [{range.Start}, {range.End}) reaches past the end of the {length}-byte file.");
            }
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { Length = Math.Max(last.End, range.End) - last.Start };
            }
            else
            {
                merged.Add(range);
            }
        }
        return merged;
    }

    private static List<ByteRange> Subtract(long length, List<ByteRange> excluded)
    {
        var included = new List<ByteRange>();
        long position = 0;
        foreach (var range in excluded)
        {
            if (range.Start > position)
            {
                included.Add(new ByteRange(position, range.Start - position));
            }
            position = range.End;
        }
        if (position < length)
        {
            included.Add(new ByteRange(position, length - position));
        }
        return included;
    }

    /// <summary>
    /// The markers whose box is hashed (the byte after the marker is included), in one pass over both sorted lists:
    /// a file can hold a hundred thousand top-level boxes, so a lookup per marker would be quadratic.
    /// </summary>
    private static List<long> HashedMarkers(List<long> sortedMarkers, List<ByteRange> sortedIncluded)
    {
        var hashed = new List<long>();
        var range = 0;
        foreach (var marker in sortedMarkers)
        {
            while (range < sortedIncluded.Count && sortedIncluded[range].End <= marker + 1)
            {
                range++;
            }
            if (range < sortedIncluded.Count && sortedIncluded[range].Start <= marker + 1)
            {
                hashed.Add(marker);
            }
        }
        return hashed;
    }
}
