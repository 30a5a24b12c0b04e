using System.Buffers.Binary;
using System.Security.Cryptography;
using Orchestrator.Provenance.Hashing;

namespace Orchestrator.Provenance.Tests;

/// <summary>The streaming hasher equals a plain hash of exactly the bytes the C2PA rules include.</summary>
public sealed class RangeHasherTests
{
    private static readonly byte[] Data = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public async Task Without_exclusions_it_is_a_plain_hash()
    {
        var hash = await RangeHasher.HashAsync(new MemoryStream(Data), HashAlgorithmName.SHA256, []);

        Assert.Equal(SHA256.HashData(Data), hash);
    }

    [Fact]
    public async Task Excluded_ranges_are_skipped_even_when_they_overlap()
    {
        ByteRange[] exclusions = [new(10, 20), new(25, 10), new(2_000_000, 1_000_000)];

        var hash = await RangeHasher.HashAsync(new MemoryStream(Data), HashAlgorithmName.SHA384, exclusions);

        Assert.Equal(SHA384.HashData([.. Data[..10], .. Data[35..2_000_000]]), hash);
    }

    [Fact]
    public async Task Offset_markers_insert_the_big_endian_offset_before_each_hashed_box()
    {
        var offset = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(offset, 100);

        var hash = await RangeHasher.HashAsync(new MemoryStream(Data), HashAlgorithmName.SHA256, [new(0, 50)], [100L, 0L]);

        // The marker at 0 falls in an excluded range and contributes nothing.
        Assert.Equal(SHA256.HashData([.. Data[50..100], .. offset, .. Data[100..]]), hash);
    }

    // Many markers, most inside included ranges and some inside excluded ones: the one-pass marker check must agree with
    // a reference built by hand. (Its speed on hostile files is a property of the algorithm, not something a test times.)
    [Fact]
    public async Task Offset_markers_over_many_boxes_hash_like_a_reference()
    {
        // 8-byte boxes, every third one wholly excluded: its marker contributes nothing.
        const int Boxes = 300_000;
        var data = new byte[8 * Boxes];
        Random.Shared.NextBytes(data);
        var markers = Enumerable.Range(0, Boxes).Select(i => 8L * i).ToList();
        var exclusions = markers.Where((_, i) => i % 3 == 0).Select(m => new ByteRange(m, 8)).ToList();
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var offset = new byte[8];
        foreach (var marker in markers.Where((_, i) => i % 3 != 0))
        {
            BinaryPrimitives.WriteInt64BigEndian(offset, marker);
            expected.AppendData(offset);
            expected.AppendData(data, (int)marker, 8);
        }

        var hash = await RangeHasher.HashAsync(new MemoryStream(data), HashAlgorithmName.SHA256, exclusions, markers);

        Assert.Equal(expected.GetHashAndReset(), hash);
    }

    [Fact]
    public async Task A_fragment_hashed_with_only_its_own_exclusions_and_markers_hashes_the_same()
    {
        // 200 boxes of random sizes; random exclusions, some straddling box and fragment boundaries once merged.
        var random = new Random(42);
        var boxStarts = new List<long> { 0 };
        while (boxStarts[^1] < 2_900_000)
        {
            boxStarts.Add(boxStarts[^1] + random.Next(8, 29_000));
        }
        boxStarts.RemoveAt(boxStarts.Count - 1);
        var exclusions = Enumerable.Range(0, 120).Select(_ => new ByteRange(random.Next(0, 2_900_000), random.Next(1, 40_000))).ToList();
        var merged = RangeHasher.Merge(exclusions, Data.Length);
        using var stream = new MemoryStream(Data);

        for (var fragment = 0; fragment < 10; fragment++)
        {
            var first = random.Next(boxStarts.Count - 1);
            var last = random.Next(first + 1, boxStarts.Count);
            var (start, end) = (boxStarts[first], boxStarts[last]);
            ByteRange[] outside = [new(0, start), new(end, Data.Length - end)];

            var everything = await RangeHasher.HashAsync(stream, HashAlgorithmName.SHA256, exclusions.Concat(outside), boxStarts);
            var narrowed = await RangeHasher.HashAsync(
                stream,
                HashAlgorithmName.SHA256,
                BmffHashBinding.Within(merged, start, end, r => r.Start, r => r.End).Concat(outside),
                BmffHashBinding.Within(boxStarts, start, end, m => m, m => m + 1));

            Assert.Equal(everything, narrowed);
        }
    }

    [Fact]
    public async Task An_exclusion_past_the_end_is_a_format_error()
    {
        await Assert.ThrowsAsync<C2paFormatException>(() => RangeHasher.HashAsync(new MemoryStream(Data), HashAlgorithmName.SHA256, [new(Data.Length - 5, 10)]));
    }
}
