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
        var instances = new Dictionary<ushort, MemoryStream>();
        try
        {
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
                    AppendPacket(segment, instances, maxStoreBytes);
                }
                offset += 2 + length;
            }
            foreach (var packet in instances.Values)
            {
                var bytes = packet.ToArray();
                if (IsC2paStore(bytes))
                {
                    return new LocatedAsset(ContainerFormat.Jpeg, bytes, null);
                }
            }
            return new LocatedAsset(ContainerFormat.Jpeg, null, null);
        }
        finally
        {
            foreach (var packet in instances.Values)
            {
                await packet.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void AppendPacket(byte[] segment, Dictionary<ushort, MemoryStream> instances, long maxStoreBytes)
    {
        // CI "JP" (2) + En (2) + Z (4) + LBox (4) + TBox (4)
        if (segment.Length < 16 || segment[0] != (byte)'J' || segment[1] != (byte)'P')
        {
            return;
        }
        var instance = BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(2));
        var box = segment.AsSpan(8);
        if (!box.Slice(4, 4).SequenceEqual("jumb"u8))
        {
            return;
        }
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(box) == 1 ? 16 : 8;
        if (box.Length < headerLength)
        {
            throw new C2paFormatException("JPEG: truncated JUMBF header in an APP11 segment.");
        }
        if (!instances.TryGetValue(instance, out var packet))
        {
            packet = new MemoryStream();
            instances[instance] = packet;
            packet.Write(box); // the first packet keeps the box header
        }
        else
        {
            packet.Write(box[headerLength..]); // later packets repeat the header; keep only their payload
        }
        if (packet.Length > maxStoreBytes)
        {
            throw new C2paFormatException($"JPEG: the manifest store is more than the {maxStoreBytes} bytes allowed.");
        }
    }

    private static bool IsC2paStore(byte[] bytes)
    {
        // jumb header (8) + jumd header (8) + description type UUID starting "c2pa"
        return bytes.Length >= 20 && bytes.AsSpan(12, 4).SequenceEqual("jumd"u8) && bytes.AsSpan(16, 4).SequenceEqual("c2pa"u8);
    }
}
