using System.Buffers.Binary;

namespace Orchestrator.Provenance.Containers;

/// <summary>
/// Reassembles the C2PA manifest store from JPEG APP11 segments (ISO 19566-5 JUMBF in JPEG): each segment carries
/// "JP", a box instance number, a packet sequence number, then a copy of the box header and the next slice of the box.
/// </summary>
internal static class JpegManifestLocator
{
    private const byte Marker = 0xFF;
    private const byte App11 = 0xEB;
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;

    public static async Task<LocatedAsset> LocateAsync(Stream stream, long maxStoreBytes, CancellationToken cancellationToken)
    {
        var instances = new Dictionary<ushort, List<Packet>>();
        long totalBytes = 0;
        long offset = 2;
        var header = new byte[4];
        while (offset + 4 <= stream.Length)
        {
            await StreamReading.ReadAtAsync(stream, offset, header, cancellationToken).ConfigureAwait(false);
            if (header[0] != Marker)
            {
                throw new C2paFormatException($"JPEG: expected a marker at offset {offset}.");
            }
            var marker = header[1];
            if (marker == Marker)
            {
                offset++; // fill byte
                continue;
            }
            if (marker is StartOfScan or EndOfImage)
            {
                break; // C2PA segments precede the image data
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                offset += 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
            if (length < 2 || offset + 2 + length > stream.Length)
            {
                throw new C2paFormatException($"JPEG: segment at offset {offset} declares {length} bytes past the end of the file.");
            }
            if (marker == App11)
            {
                var segment = await StreamReading.ReadAtAsync(stream, offset + 4, length - 2, cancellationToken).ConfigureAwait(false);
                if (ReadPacket(segment) is { } packet)
                {
                    totalBytes += packet.Box.Length;
                    if (totalBytes > maxStoreBytes)
                    {
                        throw new C2paFormatException($"JPEG: the manifest store is more than the {maxStoreBytes} bytes allowed.");
                    }
                    if (!instances.TryGetValue(packet.Instance, out var packets))
                    {
                        instances[packet.Instance] = packets = [];
                    }
                    packets.Add(packet);
                }
            }
            offset += 2 + length;
        }
        foreach (var (instance, packets) in instances)
        {
            // Packets are ordered by their sequence number Z (from 1), not by where they sit in the file.
            packets.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            if (!IsC2paStore(packets[0].Box))
            {
                if (packets[0].Sequence == 1)
                {
                    continue; // another JUMBF box, not C2PA
                }
                throw new C2paFormatException($"JPEG: JUMBF box instance {instance} has no packet 1 (its first is packet {packets[0].Sequence}).");
            }
            return new LocatedAsset(ContainerFormat.Jpeg, Reassemble(instance, packets), null);
        }
        return new LocatedAsset(ContainerFormat.Jpeg, null, null);
    }

    /// <summary>One APP11 segment of a JUMBF box: CI "JP" (2), En box instance (2), Z packet sequence (4), then the box part.</summary>
    private sealed record Packet(ushort Instance, uint Sequence, byte[] Box);

    private static Packet? ReadPacket(byte[] segment)
    {
        // CI (2) + En (2) + Z (4) + LBox (4) + TBox (4)
        if (segment.Length < 16 || segment[0] != (byte)'J' || segment[1] != (byte)'P' || !segment.AsSpan(12, 4).SequenceEqual("jumb"u8))
        {
            return null;
        }
        var box = segment[8..];
        if (BinaryPrimitives.ReadUInt32BigEndian(box) == 1 && box.Length < 16)
        {
            throw new C2paFormatException("JPEG: truncated JUMBF header in an APP11 segment.");
        }
        return new Packet(BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(segment.AsSpan(4)), box);
    }

    /// <summary>The box from packets sorted by sequence: 1, 2, 3... without gaps or repeats, the header kept once.</summary>
    private static byte[] Reassemble(ushort instance, List<Packet> packets)
    {
        using var store = new MemoryStream();
        for (var i = 0; i < packets.Count; i++)
        {
            var expected = (uint)i + 1;
            var sequence = packets[i].Sequence;
            if (sequence != expected)
            {
                throw new C2paFormatException(sequence < expected
                    ? $"JPEG: packet {sequence} of JUMBF box instance {instance} appears more than once."
                    : $"JPEG: JUMBF box instance {instance} is missing packet {expected} (the next is packet {sequence}).");
            }
            var box = packets[i].Box;
            var headerLength = BinaryPrimitives.ReadUInt32BigEndian(box) == 1 ? 16 : 8;
            store.Write(i == 0 ? box : box.AsSpan(headerLength)); // later packets repeat the header; keep only their payload
        }
        return store.ToArray();
    }

    private static bool IsC2paStore(byte[] bytes)
    {
        // jumb header (8) + jumd header (8) + description type UUID starting "c2pa"
        return bytes.Length >= 20 && bytes.AsSpan(12, 4).SequenceEqual("jumd"u8) && bytes.AsSpan(16, 4).SequenceEqual("c2pa"u8);
    }
}
