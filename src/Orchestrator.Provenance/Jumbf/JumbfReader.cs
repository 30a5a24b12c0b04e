using System.Buffers.Binary;
using System.Text;

namespace Orchestrator.Provenance.Jumbf;

/// <summary>Parses JUMBF boxes from the bytes of a manifest store, with bounds on depth and box count.</summary>
public static class JumbfReader
{
    private const int MaxDepth = 16;
    private const int MaxBoxes = 100_000;

    /// <summary>Parses the single superbox that fills <paramref name="store"/>.</summary>
    public static JumbfBox ReadSuperBox(ReadOnlyMemory<byte> store)
    {
        var count = 0;
        var boxes = ReadBoxes(store, 0, ref count);
        if (boxes.Count != 1 || !boxes[0].IsSuperBox)
        {
            throw new C2paFormatException("JUMBF: the manifest store is not one superbox.");
        }
        return boxes[0];
    }

    private static List<JumbfBox> ReadBoxes(ReadOnlyMemory<byte> data, int depth, ref int count)
    {
        if (depth > MaxDepth)
        {
            throw new C2paFormatException($"JUMBF: superboxes nested deeper than {MaxDepth}.");
        }
        var boxes = new List<JumbfBox>();
        var offset = 0;
        while (offset < data.Length)
        {
            if (++count > MaxBoxes)
            {
                throw new C2paFormatException($"JUMBF: more than {MaxBoxes} boxes.");
            }
            var (length, headerLength, type) = ReadHeader(data.Span[offset..], offset);
            var raw = data.Slice(offset, length);
            boxes.Add(type == "jumb" ? ReadSuperBox(raw, headerLength, depth, ref count) : new JumbfBox(type, raw, headerLength, null, []));
            offset += length;
        }
        return boxes;
    }

    private static (int Length, int HeaderLength, string Type) ReadHeader(ReadOnlySpan<byte> span, int offset)
    {
        if (span.Length < 8)
        {
            throw new C2paFormatException($"JUMBF: truncated box header at offset {offset}.");
        }
        ulong length = BinaryPrimitives.ReadUInt32BigEndian(span);
        var type = Encoding.Latin1.GetString(span.Slice(4, 4));
        var headerLength = 8;
        if (length == 1)
        {
            if (span.Length < 16)
            {
                throw new C2paFormatException($"JUMBF: truncated large box header at offset {offset}.");
            }
            length = BinaryPrimitives.ReadUInt64BigEndian(span[8..]);
            headerLength = 16;
        }
        else if (length == 0)
        {
            length = (ulong)span.Length;
        }
        if (length < (ulong)headerLength || length > (ulong)span.Length)
        {
            throw new C2paFormatException($"JUMBF: box '{type}' at offset {offset} declares {length} bytes, {span.Length} are left.");
        }
        return ((int)length, headerLength, type);
    }

    private static JumbfBox ReadSuperBox(ReadOnlyMemory<byte> raw, int headerLength, int depth, ref int count)
    {
        var payload = raw[headerLength..];
        var (descriptionLength, descriptionHeader, descriptionType) = ReadHeader(payload.Span, 0);
        if (descriptionType != "jumd")
        {
            throw new C2paFormatException("JUMBF: a superbox does not start with a description box.");
        }
        var description = ReadDescription(payload.Span[descriptionHeader..descriptionLength]);
        var children = ReadBoxes(payload[descriptionLength..], depth + 1, ref count);
        return new JumbfBox("jumb", raw, headerLength, description, children);
    }

    private static JumbfDescription ReadDescription(ReadOnlySpan<byte> content)
    {
        if (content.Length < 17)
        {
            throw new C2paFormatException("JUMBF: truncated description box.");
        }
        var contentType = new Guid(content[..16], bigEndian: true);
        var toggles = content[16];
        var rest = content[17..];
        string? label = null;
        uint? id = null;
        ReadOnlyMemory<byte>? salt = null;
        if ((toggles & 0x02) != 0)
        {
            var end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                throw new C2paFormatException("JUMBF: a description label is not null-terminated.");
            }
            label = Encoding.UTF8.GetString(rest[..end]);
            rest = rest[(end + 1)..];
        }
        if ((toggles & 0x04) != 0)
        {
            if (rest.Length < 4)
            {
                throw new C2paFormatException("JUMBF: truncated description id.");
            }
            id = BinaryPrimitives.ReadUInt32BigEndian(rest);
            rest = rest[4..];
        }
        if ((toggles & 0x08) != 0)
        {
            if (rest.Length < 32)
            {
                throw new C2paFormatException("JUMBF: truncated description signature.");
            }
            rest = rest[32..];
        }
        if ((toggles & 0x10) != 0 && rest.Length >= 8)
        {
            // A private box; C2PA puts the assertion salt here ('c2sh'). It is part of the hashed bytes either way.
            var (length, header, _) = ReadHeader(rest, 0);
            salt = rest[header..length].ToArray();
        }
        return new JumbfDescription(contentType, toggles, label, id, salt);
    }
}
