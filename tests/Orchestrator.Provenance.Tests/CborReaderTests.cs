using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance.Tests;

/// <summary>The decoder accepts what real signers write (indefinite lengths, non-shortest forms, tags, nulls, half floats) and rejects malformed items.</summary>
public sealed class CborReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x05 })]
    [InlineData(new byte[] { 0x18, 0x05 })]
    [InlineData(new byte[] { 0x19, 0x00, 0x05 })]
    [InlineData(new byte[] { 0x1A, 0x00, 0x00, 0x00, 0x05 })]
    [InlineData(new byte[] { 0x1B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05 })]
    public void Non_shortest_integers_decode_to_the_same_value(byte[] bytes)
    {
        Assert.Equal(5, CborReader.Decode(bytes).AsInt64());
    }

    [Fact]
    public void Negative_integers_decode()
    {
        Assert.Equal(-100, CborReader.Decode(new byte[] { 0x38, 0x63 }).AsInt64());
        Assert.Equal(-7, CborReader.Decode(new byte[] { 0x26 }).AsInt64());
    }

    [Fact]
    public void Indefinite_arrays_maps_and_strings_decode()
    {
        var array = CborReader.Decode(new byte[] { 0x9F, 0x01, 0x02, 0xFF });
        var map = CborReader.Decode(new byte[] { 0xBF, 0x61, (byte)'a', 0x01, 0xFF });
        var bytes = CborReader.Decode(new byte[] { 0x5F, 0x42, 0x01, 0x02, 0x41, 0x03, 0xFF });
        var text = CborReader.Decode(new byte[] { 0x7F, 0x61, (byte)'a', 0x62, (byte)'b', (byte)'c', 0xFF });

        Assert.Equal([1L, 2L], array.Items.Select(i => i.AsInt64()!.Value));
        Assert.Equal(1, map["a"]!.AsInt64());
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.AsBytes()!.Value.ToArray());
        Assert.Equal("abc", text.AsText());
    }

    [Fact]
    public void Tags_wrap_their_item_and_can_be_skipped()
    {
        var value = CborReader.Decode(new byte[] { 0xD2, 0x81, 0x01 }); // 18([1]), as COSE_Sign1 is tagged

        Assert.Equal(CborKind.Tag, value.Kind);
        Assert.Equal(18UL, value.Number);
        Assert.Equal(CborKind.Array, value.Untagged().Kind);
    }

    [Fact]
    public void Null_map_values_read_as_absent_and_simple_values_decode()
    {
        var map = CborReader.Decode(new byte[] { 0xA3, 0x61, (byte)'n', 0xF6, 0x61, (byte)'t', 0xF5, 0x61, (byte)'h', 0xF9, 0x3C, 0x00 });

        Assert.Null(map["n"]);
        Assert.True(map["t"]!.AsBoolean());
        Assert.Equal(1.0, map["h"]!.FloatValue);
        Assert.Null(map["missing"]);
    }

    [Fact]
    public void Integer_keys_are_found_as_in_cose_headers()
    {
        var header = CborReader.Decode(new byte[] { 0xA1, 0x01, 0x26 }); // {1: -7} = alg ES256

        Assert.Equal(-7, header[1]!.AsInt64());
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02 }, "after the data item")]
    [InlineData(new byte[] { 0x1C }, "reserved")]
    [InlineData(new byte[] { 0xFF }, "break outside")]
    [InlineData(new byte[] { 0x82, 0x01 }, "left")]
    [InlineData(new byte[] { 0x19, 0x01 }, "left")]
    [InlineData(new byte[] { 0x9F, 0x01 }, "without a break")]
    [InlineData(new byte[] { 0x5F, 0x5F, 0xFF, 0xFF }, "itself indefinite")]
    [InlineData(new byte[] { 0x5F, 0x61, (byte)'a', 0xFF }, "another type")]
    [InlineData(new byte[] { 0x62, 0xC3, 0x28 }, "UTF-8")]
    public void Malformed_items_are_refused_with_a_reason(byte[] bytes, string reason)
    {
        var error = Assert.Throws<C2paFormatException>(() => CborReader.Decode(bytes));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var nested = new byte[] { 0x81, 0x81, 0x81, 0x00 };

        Assert.Throws<C2paFormatException>(() => CborReader.Decode(nested, new CborLimits(MaxDepth: 2)));
        Assert.Equal(CborKind.Array, CborReader.Decode(nested, new CborLimits(MaxDepth: 3)).Kind);
    }
}
