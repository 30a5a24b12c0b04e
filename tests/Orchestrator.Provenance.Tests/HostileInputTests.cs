using System.Buffers.Binary;
using System.Text;
using Orchestrator.Provenance.Cbor;
using static Orchestrator.Provenance.Tests.TestFiles;
using C = Orchestrator.Provenance.Validation.ValidationStatusCodes;

namespace Orchestrator.Provenance.Tests;

/// <summary>Truncated, oversized, deeply nested and bomb-shaped input fails fast with a clear reason, never a crash or a hang.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData(10_000)] // inside the C2PA uuid box
    [InlineData(31_000)] // inside moov
    [InlineData(400_000)] // inside mdat
    public async Task A_truncated_mp4_is_invalid_with_a_reason(int length)
    {
        var file = Read(Shared("video1.mp4"))[..length];

        var report = await ValidateAsync(file);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Equal(C.GeneralError, Assert.Single(report.Statuses).Code);
        Assert.Contains("declares", report.Error);
    }

    [Fact]
    public async Task A_box_declaring_four_gigabytes_in_a_small_file_is_refused()
    {
        var file = Concat(Box("ftyp", new byte[16]), BoxHeader(0xFFFF_FFF0, "mdat"), new byte[100]);

        var report = await ValidateAsync(file);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("declares 4294967280 bytes", report.Error);
    }

    [Fact]
    public async Task A_large_size_box_declaring_exabytes_is_refused()
    {
        var large = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(large, 1);
        Encoding.ASCII.GetBytes("mdat").CopyTo(large, 4);
        BinaryPrimitives.WriteUInt64BigEndian(large.AsSpan(8), 1UL << 62);

        var report = await ValidateAsync(Concat(Box("ftyp", new byte[16]), large, new byte[64]));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("mdat", report.Error);
    }

    [Fact]
    public async Task Deeply_nested_container_boxes_are_refused()
    {
        var inner = Box("free", []);
        for (var i = 0; i < 5_000; i++)
        {
            inner = Box("moov", inner);
        }

        var report = await ValidateAsync(Concat(Box("ftyp", new byte[16]), inner));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("nested deeper", report.Error);
    }

    [Fact]
    public async Task Ninety_nine_thousand_empty_top_level_boxes_are_hashed_to_a_verdict()
    {
        // Each box is one more v2 offset marker in the BMFF hash; the appended bytes are not excluded, so the hash breaks.
        var file = Concat(Read(Shared("video1.mp4")), EmptyBoxes(99_000));

        var report = await ValidateAsync(file);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertOnlyFailure(report, C.BmffHashMismatch, C.SigningCredentialUntrusted);
        AssertHas(report, C.ClaimSignatureValidated);
    }

    [Fact]
    public async Task More_top_level_boxes_than_any_real_file_has_are_refused()
    {
        var report = await ValidateAsync(Concat(Read(Shared("video1.mp4")), EmptyBoxes(100_001)));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("more than 100000 top-level boxes", report.Error);
    }

    [Fact]
    public async Task A_manifest_store_over_the_size_limit_is_refused_before_it_is_read()
    {
        var report = await ValidateFileAsync(Shared("video1.mp4"), Pinned with { MaxManifestStoreBytes = 1_000 });

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("more than the 1000 allowed", report.Error);
    }

    [Fact]
    public async Task A_jumbf_store_declaring_a_huge_box_is_invalid()
    {
        var jumbf = Concat(BoxHeader(0x7FFF_FFFF, "jumb"), BoxHeader(8, "jumd"));

        var report = await ValidateAsync(Concat(Box("ftyp", new byte[16]), C2paUuidBox(jumbf)));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.NotNull(report.ManifestStoreSha256);
        Assert.Contains("JUMBF", report.Error);
    }

    [Fact]
    public async Task A_jpeg_app11_segment_running_past_the_end_is_invalid()
    {
        byte[] file = [0xFF, 0xD8, 0xFF, 0xEB, 0xFF, 0x00, (byte)'J', (byte)'P', 0, 1, 0, 0, 0, 1];

        var report = await ValidateAsync(file);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("past the end", report.Error);
    }

    [Fact]
    public async Task A_file_that_is_neither_bmff_nor_jpeg_is_not_supported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => ValidateAsync(Encoding.UTF8.GetBytes("just some text, not a video")));
    }

    [Theory]
    [InlineData("v2_es256_ai.mp4", false)]
    [InlineData("video1.mp4", true)] // with RFC 3161 time-stamps and an ingredient manifest
    public async Task Random_byte_flips_in_the_manifest_store_never_crash_the_validator(string name, bool shared)
    {
        var file = Read(shared ? Shared(name) : Generated(name));
        var store = StoreBytes(file);
        var start = file.AsSpan().IndexOf(store);
        var random = new Random(20261121);
        var states = new HashSet<ProvenanceState>();
        for (var i = 0; i < 300; i++)
        {
            var report = await ValidateAsync(Flip(file, start + random.Next(store.Length)), TrustingTestRoot);
            states.Add(report.State);
        }

        Assert.Contains(ProvenanceState.Invalid, states); // and no exception escaped for any of the 300 copies
    }

    [Fact]
    public void Cbor_nested_ten_thousand_arrays_deep_is_refused()
    {
        var bytes = Enumerable.Repeat((byte)0x81, 10_000).Append((byte)0x00).ToArray();

        var error = Assert.Throws<C2paFormatException>(() => CborReader.Decode(bytes));
        Assert.Contains("nesting deeper than 64", error.Message);
    }

    [Fact]
    public void Cbor_indefinite_length_arrays_nested_without_end_are_refused()
    {
        var bytes = Enumerable.Repeat((byte)0x9F, 100_000).ToArray();

        Assert.Throws<C2paFormatException>(() => CborReader.Decode(bytes));
    }

    [Fact]
    public void Cbor_indefinite_byte_string_of_a_million_empty_chunks_is_refused()
    {
        var bytes = new byte[1_000_002];
        bytes[0] = 0x5F;
        bytes.AsSpan(1, 1_000_000).Fill(0x40);
        bytes[^1] = 0xFF;

        var error = Assert.Throws<C2paFormatException>(() => CborReader.Decode(bytes));
        Assert.Contains("data items", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // array of 2^64-1 items
    [InlineData(new byte[] { 0xBA, 0x7F, 0xFF, 0xFF, 0xFF, 0x01 })] // map of 2^31 entries in 6 bytes
    [InlineData(new byte[] { 0x5B, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00 })] // 64 GiB byte string
    [InlineData(new byte[] { 0x7A, 0xFF, 0xFF, 0xFF, 0xFF, 0x61 })] // 4 GiB text string
    public void Cbor_declared_lengths_beyond_the_input_are_refused_without_allocating(byte[] bytes)
    {
        var error = Assert.Throws<C2paFormatException>(() => CborReader.Decode(bytes));
        Assert.Contains("left", error.Message);
    }

    private static byte[] BoxHeader(uint size, string type)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, size);
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        return header;
    }

    private static byte[] EmptyBoxes(int count)
    {
        var boxes = new byte[8 * count];
        for (var i = 0; i < count; i++)
        {
            BoxHeader(8, "free").CopyTo(boxes, 8 * i);
        }
        return boxes;
    }

    private static byte[] Box(string type, byte[] payload) => Concat(BoxHeader((uint)(8 + payload.Length), type), payload);

    private static byte[] C2paUuidBox(byte[] jumbf)
    {
        var payload = Concat(Orchestrator.Provenance.Containers.BmffLayout.C2paUuid.ToByteArray(bigEndian: true), new byte[4], "manifest\0"u8.ToArray(), new byte[8], jumbf);
        return Box("uuid", payload);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
