using System.Globalization;
using System.Text;

namespace Orchestrator.Provenance.Cbor;

/// <summary>The major kinds of a decoded CBOR data item (RFC 8949).</summary>
public enum CborKind
{
    UnsignedInteger,
    NegativeInteger,
    ByteString,
    TextString,
    Array,
    Map,
    Tag,
    Simple,
    FloatingPoint,
}

/// <summary>
/// One decoded CBOR data item. Immutable; byte strings keep the stored bytes (hashing and signatures always use
/// stored bytes, never a re-encoding).
/// </summary>
public sealed class CborValue
{
    private static readonly IReadOnlyList<CborValue> NoItems = [];
    private static readonly IReadOnlyList<KeyValuePair<CborValue, CborValue>> NoEntries = [];

    private CborValue(CborKind kind) => Kind = kind;

    public CborKind Kind { get; }

    /// <summary>Unsigned value, the argument of a negative integer (value = -1 - n), a tag number or a simple value.</summary>
    public ulong Number { get; private init; }

    public ReadOnlyMemory<byte> Bytes { get; private init; }

    public string Text { get; private init; } = "";

    public double FloatValue { get; private init; }

    public IReadOnlyList<CborValue> Items { get; private init; } = NoItems;

    public IReadOnlyList<KeyValuePair<CborValue, CborValue>> Entries { get; private init; } = NoEntries;

    /// <summary>The tagged item, for <see cref="CborKind.Tag"/>.</summary>
    public CborValue? Content { get; private init; }

    public bool IsNull => Kind == CborKind.Simple && Number == 22;

    public static CborValue UnsignedInteger(ulong value) => new(CborKind.UnsignedInteger) { Number = value };

    public static CborValue NegativeInteger(ulong argument) => new(CborKind.NegativeInteger) { Number = argument };

    public static CborValue ByteString(ReadOnlyMemory<byte> bytes) => new(CborKind.ByteString) { Bytes = bytes };

    public static CborValue TextString(string text) => new(CborKind.TextString) { Text = text };

    public static CborValue Array(IReadOnlyList<CborValue> items) => new(CborKind.Array) { Items = items };

    public static CborValue Map(IReadOnlyList<KeyValuePair<CborValue, CborValue>> entries) => new(CborKind.Map) { Entries = entries };

    public static CborValue Tagged(ulong tag, CborValue content) => new(CborKind.Tag) { Number = tag, Content = content };

    public static CborValue Simple(ulong value) => new(CborKind.Simple) { Number = value };

    public static CborValue FloatingPoint(double value) => new(CborKind.FloatingPoint) { FloatValue = value };

    /// <summary>Skips any tags around the item (C2PA uses tag 18 for COSE_Sign1, tag 0/1 for dates).</summary>
    public CborValue Untagged()
    {
        var value = this;
        while (value.Kind == CborKind.Tag)
        {
            value = value.Content!;
        }
        return value;
    }

    /// <summary>
    /// The value of a text-keyed map entry; null when absent, when the value is CBOR null/undefined (serializers write
    /// absent optional fields that way), or when this is not a map.
    /// </summary>
    public CborValue? this[string key]
    {
        get
        {
            foreach (var (k, v) in Untagged().Entries)
            {
                if (k.Kind == CborKind.TextString && k.Text == key)
                {
                    return v.IsNull || v is { Kind: CborKind.Simple, Number: 23 } ? null : v;
                }
            }
            return null;
        }
    }

    /// <summary>The value of an integer-keyed map entry (COSE header labels).</summary>
    public CborValue? this[long key]
    {
        get
        {
            foreach (var (k, v) in Untagged().Entries)
            {
                if (k.TryGetInt64(out var n) && n == key)
                {
                    return v;
                }
            }
            return null;
        }
    }

    public bool TryGetInt64(out long value)
    {
        var v = Untagged();
        if (v.Kind == CborKind.UnsignedInteger && v.Number <= long.MaxValue)
        {
            value = (long)v.Number;
            return true;
        }
        if (v.Kind == CborKind.NegativeInteger && v.Number <= long.MaxValue)
        {
            value = -1 - (long)v.Number;
            return true;
        }
        value = 0;
        return false;
    }

    public string? AsText() => Untagged() is { Kind: CborKind.TextString } v ? v.Text : null;

    public ReadOnlyMemory<byte>? AsBytes() => Untagged() is { Kind: CborKind.ByteString } v ? v.Bytes : null;

    public long? AsInt64() => TryGetInt64(out var n) ? n : null;

    public bool? AsBoolean() => Untagged() is { Kind: CborKind.Simple, Number: 20 or 21 } v ? v.Number == 21 : null;

    /// <summary>A JSON-like rendering for reports (byte strings as base64); bounded by the decoder's own limits.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    private void Append(StringBuilder builder)
    {
        switch (Kind)
        {
            case CborKind.UnsignedInteger:
                builder.Append(Number.ToString(CultureInfo.InvariantCulture));
                break;
            case CborKind.NegativeInteger:
                builder.Append('-').Append((Number + 1m).ToString(CultureInfo.InvariantCulture));
                break;
            case CborKind.ByteString:
                builder.Append("h'").Append(Convert.ToHexString(Bytes.Span[..Math.Min(Bytes.Length, 64)])).Append(Bytes.Length > 64 ? "…'" : "'");
                break;
            case CborKind.TextString:
                builder.Append('"').Append(Text).Append('"');
                break;
            case CborKind.Array:
                builder.Append('[');
                for (var i = 0; i < Items.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Items[i].Append(builder);
                }
                builder.Append(']');
                break;
            case CborKind.Map:
                builder.Append('{');
                for (var i = 0; i < Entries.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Entries[i].Key.Append(builder);
                    builder.Append(": ");
                    Entries[i].Value.Append(builder);
                }
                builder.Append('}');
                break;
            case CborKind.Tag:
                builder.Append(Number.ToString(CultureInfo.InvariantCulture)).Append('(');
                Content!.Append(builder);
                builder.Append(')');
                break;
            case CborKind.FloatingPoint:
                builder.Append(FloatValue.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                builder.Append(Number switch { 20 => "false", 21 => "true", 22 => "null", 23 => "undefined", _ => $"simple({Number})" });
                break;
        }
    }
}
