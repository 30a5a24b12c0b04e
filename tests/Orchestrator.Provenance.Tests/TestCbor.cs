using System.Text;

namespace Orchestrator.Provenance.Tests;

/// <summary>
/// A few CBOR encodings (RFC 8949, shortest form) for building signatures in tests, written apart from the reader
/// under test so that a mistake in one does not hide in the other.
/// </summary>
internal static class TestCbor
{
    public static readonly byte[] Null = [0xF6];

    public static byte[] Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

    public static byte[] Bytes(byte[] content) => [.. Head(2, (ulong)content.Length), .. content];

    public static byte[] Text(string text) => [.. Head(3, (ulong)Encoding.UTF8.GetByteCount(text)), .. Encoding.UTF8.GetBytes(text)];

    public static byte[] Array(params byte[][] items) => [.. Head(4, (ulong)items.Length), .. items.SelectMany(i => i)];

    public static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
        [.. Head(5, (ulong)entries.Length), .. entries.SelectMany(e => e.Key.Concat(e.Value))];

    private static byte[] Head(int major, ulong argument)
    {
        var type = (byte)(major << 5);
        return argument switch
        {
            < 24 => [(byte)(type | (byte)argument)],
            <= byte.MaxValue => [(byte)(type | 24), (byte)argument],
            <= ushort.MaxValue => [(byte)(type | 25), (byte)(argument >> 8), (byte)argument],
            <= uint.MaxValue => [(byte)(type | 26), (byte)(argument >> 24), (byte)(argument >> 16), (byte)(argument >> 8), (byte)argument],
            _ => [(byte)(type | 27), (byte)(argument >> 56), (byte)(argument >> 48), (byte)(argument >> 40), (byte)(argument >> 32), (byte)(argument >> 24), (byte)(argument >> 16), (byte)(argument >> 8), (byte)argument],
        };
    }
}
