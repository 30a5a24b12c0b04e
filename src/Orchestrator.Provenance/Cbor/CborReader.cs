// Hand-written on purpose: System.Formats.Cbor is not served in this environment and no other CBOR package is
// available (see design.md). This decoder reads only what C2PA needs and is hardened against hostile input:
// nesting depth, item count and declared lengths are checked against limits and against the bytes actually left,
// so an indefinite-length or huge-length "bomb" fails fast instead of allocating.
using System.Buffers.Binary;
using System.Text;

namespace Orchestrator.Provenance.Cbor;

/// <summary>Bounds the decoder applies to untrusted CBOR.</summary>
/// <param name="MaxDepth">Deepest nesting of arrays, maps, tags and indefinite strings.</param>
/// <param name="MaxItems">Most data items decoded from one input (each costs an object).</param>
public sealed record CborLimits(int MaxDepth = 64, int MaxItems = 250_000)
{
    public static CborLimits Default { get; } = new();
}

/// <summary>
/// Decodes one CBOR data item (RFC 8949). Accepts definite and indefinite lengths, non-shortest encodings, tags,
/// null/undefined and half/single/double floats. Byte strings reference the input, they are not copied.
/// </summary>
public sealed class CborReader
{
    private const byte Break = 0xFF;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly CborLimits _limits;
    private int _position;
    private int _items;

    private CborReader(ReadOnlyMemory<byte> data, CborLimits limits)
    {
        _data = data;
        _limits = limits;
    }

    /// <summary>Decodes exactly one item that fills <paramref name="data"/>.</summary>
    public static CborValue Decode(ReadOnlyMemory<byte> data, CborLimits? limits = null)
    {
        var reader = new CborReader(data, limits ?? CborLimits.Default);
        var value = reader.ReadItem(0);
        if (reader._position != data.Length)
        {
            throw new C2paFormatException($"CBOR: {data.Length - reader._position} bytes after the data item.");
        }
        return value;
    }

    private int Remaining => _data.Length - _position;

    private CborValue ReadItem(int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            throw new C2paFormatException($"CBOR: nesting deeper than {_limits.MaxDepth}.");
        }
        if (++_items > _limits.MaxItems)
        {
            throw new C2paFormatException($"CBOR: more than {_limits.MaxItems} data items.");
        }
        var initial = ReadByte();
        var major = initial >> 5;
        var info = initial & 0x1F;
        if (info == 31)
        {
            return major switch
            {
                2 => ReadIndefiniteString(major, depth),
                3 => ReadIndefiniteString(major, depth),
                4 => ReadIndefiniteArray(depth),
                5 => ReadIndefiniteMap(depth),
                7 => throw new C2paFormatException("CBOR: a break outside an indefinite-length item."),
                _ => throw new C2paFormatException($"CBOR: indefinite length not allowed for major type {major}."),
            };
        }
        if (major == 7)
        {
            return ReadSimpleOrFloat(info);
        }
        var argument = ReadArgument(info);
        return major switch
        {
            0 => CborValue.UnsignedInteger(argument),
            1 => CborValue.NegativeInteger(argument),
            2 => CborValue.ByteString(Take(argument)),
            3 => CborValue.TextString(DecodeUtf8(Take(argument).Span)),
            4 => ReadArray(argument, depth),
            5 => ReadMap(argument, depth),
            _ => CborValue.Tagged(argument, ReadItem(depth + 1)),
        };
    }

    private CborValue ReadArray(ulong count, int depth)
    {
        // Every item takes at least one byte: a count larger than what is left is a lie, refuse before allocating.
        CheckCount(count, 1);
        var items = new List<CborValue>((int)count);
        for (ulong i = 0; i < count; i++)
        {
            items.Add(ReadItem(depth + 1));
        }
        return CborValue.Array(items);
    }

    private CborValue ReadMap(ulong count, int depth)
    {
        CheckCount(count, 2);
        var entries = new List<KeyValuePair<CborValue, CborValue>>((int)count);
        for (ulong i = 0; i < count; i++)
        {
            var key = ReadItem(depth + 1);
            entries.Add(new(key, ReadItem(depth + 1)));
        }
        return CborValue.Map(entries);
    }

    private CborValue ReadIndefiniteArray(int depth)
    {
        var items = new List<CborValue>();
        while (PeekByte() != Break)
        {
            items.Add(ReadItem(depth + 1));
        }
        _position++;
        return CborValue.Array(items);
    }

    private CborValue ReadIndefiniteMap(int depth)
    {
        var entries = new List<KeyValuePair<CborValue, CborValue>>();
        while (PeekByte() != Break)
        {
            var key = ReadItem(depth + 1);
            entries.Add(new(key, ReadItem(depth + 1)));
        }
        _position++;
        return CborValue.Map(entries);
    }

    private CborValue ReadIndefiniteString(int major, int depth)
    {
        using var chunks = new MemoryStream();
        while (PeekByte() != Break)
        {
            if ((PeekByte() & 0x1F) == 31)
            {
                throw new C2paFormatException("CBOR: an indefinite-length string chunk is itself indefinite.");
            }
            var chunk = ReadItem(depth + 1);
            var expected = major == 2 ? CborKind.ByteString : CborKind.TextString;
            if (chunk.Kind != expected)
            {
                throw new C2paFormatException("CBOR: an indefinite-length string holds a chunk of another type.");
            }
            chunks.Write(major == 2 ? chunk.Bytes.Span : Encoding.UTF8.GetBytes(chunk.Text));
        }
        _position++;
        var bytes = chunks.ToArray();
        return major == 2 ? CborValue.ByteString(bytes) : CborValue.TextString(DecodeUtf8(bytes));
    }

    private CborValue ReadSimpleOrFloat(int info)
    {
        switch (info)
        {
            case < 24:
                return CborValue.Simple((ulong)info);
            case 24:
                return CborValue.Simple(ReadByte());
            case 25:
                return CborValue.FloatingPoint((double)BinaryPrimitives.ReadHalfBigEndian(Take(2).Span));
            case 26:
                return CborValue.FloatingPoint(BinaryPrimitives.ReadSingleBigEndian(Take(4).Span));
            case 27:
                return CborValue.FloatingPoint(BinaryPrimitives.ReadDoubleBigEndian(Take(8).Span));
            default:
                throw new C2paFormatException($"CBOR: reserved simple value encoding {info}.");
        }
    }

    private ulong ReadArgument(int info) => info switch
    {
        < 24 => (ulong)info,
        24 => ReadByte(),
        25 => BinaryPrimitives.ReadUInt16BigEndian(Take(2).Span),
        26 => BinaryPrimitives.ReadUInt32BigEndian(Take(4).Span),
        27 => BinaryPrimitives.ReadUInt64BigEndian(Take(8).Span),
        _ => throw new C2paFormatException($"CBOR: reserved additional information {info}."),
    };

    private void CheckCount(ulong count, int minimumBytesPerEntry)
    {
        if (count > (ulong)Remaining / (ulong)minimumBytesPerEntry)
        {
            throw new C2paFormatException($"CBOR: declares {count} entries but only {Remaining} bytes are left.");
        }
    }

    private ReadOnlyMemory<byte> Take(ulong length)
    {
        if (length > (ulong)Remaining)
        {
            throw new C2paFormatException($"CBOR: declares {length} bytes but only {Remaining} are left.");
        }
        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    private byte ReadByte()
    {
        if (Remaining < 1)
        {
            throw new C2paFormatException("CBOR: truncated data item.");
        }
        return _data.Span[_position++];
    }

    private byte PeekByte()
    {
        if (Remaining < 1)
        {
            throw new C2paFormatException("CBOR: indefinite-length item without a break.");
        }
        return _data.Span[_position];
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (ArgumentException e)
        {
            throw new C2paFormatException("CBOR: a text string is not valid UTF-8.", e);
        }
    }
}
