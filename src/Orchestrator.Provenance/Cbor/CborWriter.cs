namespace Orchestrator.Provenance.Cbor;

/// <summary>
/// The few CBOR encodings C2PA verification must build itself: the COSE Sig_structure and the time-stamp
/// countersignature structure (RFC 9052 §4.4), both arrays of text and byte strings in shortest form.
/// </summary>
internal static class CborWriter
{
    public static byte[] Array(params ReadOnlySpan<CborItem> items)
    {
        using var buffer = new MemoryStream();
        WriteHead(buffer, 4, (ulong)items.Length);
        foreach (var item in items)
        {
            WriteHead(buffer, item.IsText ? 3 : 2, (ulong)item.Bytes.Length);
            buffer.Write(item.Bytes.Span);
        }
        return buffer.ToArray();
    }

    /// <summary>A byte string as one encoded CBOR item (header and content).</summary>
    public static byte[] ByteString(ReadOnlySpan<byte> content)
    {
        using var buffer = new MemoryStream();
        WriteHead(buffer, 2, (ulong)content.Length);
        buffer.Write(content);
        return buffer.ToArray();
    }

    private static void WriteHead(Stream stream, int major, ulong argument)
    {
        var type = (byte)(major << 5);
        switch (argument)
        {
            case < 24:
                stream.WriteByte((byte)(type | (byte)argument));
                break;
            case <= byte.MaxValue:
                stream.WriteByte((byte)(type | 24));
                stream.WriteByte((byte)argument);
                break;
            case <= ushort.MaxValue:
                stream.WriteByte((byte)(type | 25));
                stream.WriteByte((byte)(argument >> 8));
                stream.WriteByte((byte)argument);
                break;
            case <= uint.MaxValue:
                stream.WriteByte((byte)(type | 26));
                for (var shift = 24; shift >= 0; shift -= 8) stream.WriteByte((byte)(argument >> shift));
                break;
            default:
                stream.WriteByte((byte)(type | 27));
                for (var shift = 56; shift >= 0; shift -= 8) stream.WriteByte((byte)(argument >> shift));
                break;
        }
    }
}

/// <summary>A text or byte string element for <see cref="CborWriter.Array"/>.</summary>
internal readonly record struct CborItem(ReadOnlyMemory<byte> Bytes, bool IsText)
{
    public static CborItem Text(string text) => new(System.Text.Encoding.UTF8.GetBytes(text), true);

    public static CborItem Binary(ReadOnlyMemory<byte> bytes) => new(bytes, false);
}
