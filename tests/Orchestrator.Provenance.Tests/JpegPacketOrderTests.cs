using System.Buffers.Binary;
using static Orchestrator.Provenance.Tests.TestFiles;

namespace Orchestrator.Provenance.Tests;

/// <summary>
/// A JPEG manifest store split over APP11 segments is put back together by packet sequence number, wherever the
/// segments sit; a missing or repeated packet is a clear failure, not a garbled store.
/// </summary>
public sealed class JpegPacketOrderTests
{
    // CA.jpg carries its manifest store in two APP11 packets, 1 then 2.
    private static readonly byte[] File = Read(Shared("CA.jpg"));

    [Fact]
    public async Task Packets_stored_out_of_order_are_reassembled_by_sequence_number()
    {
        var (first, second) = Segments();

        var report = await ValidateAsync(Rebuild(first, second, Bytes(second), Bytes(first)));
        var original = await ValidateAsync(File);

        Assert.Equal(original.State, report.State);
        Assert.Equal(original.ManifestStoreSha256, report.ManifestStoreSha256);
        Assert.Equal(original.Statuses.Select(s => s.Code), report.Statuses.Select(s => s.Code));
    }

    [Fact]
    public async Task A_repeated_packet_is_invalid()
    {
        var (first, second) = Segments();

        var report = await ValidateAsync(Rebuild(first, second, Bytes(first), Bytes(second), Bytes(second)));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Equal("JPEG: packet 2 of JUMBF box instance 529 appears more than once.", report.Error);
    }

    [Fact]
    public async Task A_missing_packet_is_invalid()
    {
        var (first, second) = Segments();
        var third = Bytes(second);
        BinaryPrimitives.WriteUInt32BigEndian(third.AsSpan(8), 3); // marker (2), length (2), "JP" (2), En (2), then Z

        var report = await ValidateAsync(Rebuild(first, second, Bytes(first), third));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Equal("JPEG: JUMBF box instance 529 is missing packet 2 (the next is packet 3).", report.Error);
    }

    [Fact]
    public async Task A_store_without_its_first_packet_is_invalid_not_absent()
    {
        var (first, second) = Segments();

        var report = await ValidateAsync(Rebuild(first, second, Bytes(second)));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("has no packet 1", report.Error);
    }

    /// <summary>The two APP11 segments (marker included) as (offset, length); they are adjacent in CA.jpg.</summary>
    private static (Range First, Range Second) Segments()
    {
        var segments = new List<Range>();
        for (var offset = 2; File[offset + 1] != 0xDA; offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(File.AsSpan(offset + 2)))
        {
            if (File[offset + 1] == 0xEB)
            {
                segments.Add(new Range(offset, offset + 2 + BinaryPrimitives.ReadUInt16BigEndian(File.AsSpan(offset + 2))));
            }
        }
        Assert.Equal(2, segments.Count);
        Assert.Equal(segments[0].End, segments[1].Start);
        return (segments[0], segments[1]);
    }

    private static byte[] Bytes(Range segment) => File[segment];

    /// <summary>The file with its two APP11 segments replaced by <paramref name="segments"/>.</summary>
    private static byte[] Rebuild(Range first, Range second, params byte[][] segments) =>
        [.. File[..first.Start], .. segments.SelectMany(s => s), .. File[second.End..]];
}
