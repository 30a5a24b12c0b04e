using System.Runtime.InteropServices;
using Orchestrator.Provenance.Manifests;
using Orchestrator.Testing;

namespace Orchestrator.Provenance.Tests;

/// <summary>The fixtures, a pinned validation instant, and small helpers to validate bytes and to make tampered copies.</summary>
internal static class TestFiles
{
    /// <summary>Inside every fixture signer's validity except the expired ones (video1's signer is valid until 2030-08-26).</summary>
    public static readonly DateTimeOffset PinnedTime = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Shared(string name) => RepoPaths.C2paFixture(name);

    public static string Generated(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Read(string path) => File.ReadAllBytes(path);

    public static ProvenanceOptions Pinned { get; } = new() { ValidationTime = PinnedTime };

    public static ProvenanceOptions TrustingTestRoot { get; } = Pinned with
    {
        TrustAnchors = ProvenanceOptions.LoadPemCertificates([Generated("root.pem")]),
    };

    public static Task<ProvenanceReport> ValidateAsync(byte[] bytes, ProvenanceOptions? options = null) =>
        new C2paValidator(options ?? Pinned).ValidateAsync(new MemoryStream(bytes, writable: false));

    public static Task<ProvenanceReport> ValidateFileAsync(string path, ProvenanceOptions? options = null) =>
        new C2paValidator(options ?? Pinned).ValidateFileAsync(path);

    /// <summary>A copy with the byte at <paramref name="offset"/> changed (lowest bit flipped, so ASCII stays ASCII).</summary>
    public static byte[] Flip(byte[] bytes, long offset)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] ^= 0x01;
        return copy;
    }

    /// <summary>The offset of the last occurrence of <paramref name="text"/> in <paramref name="bytes"/> (the active manifest is last).</summary>
    public static int LastIndexOf(byte[] bytes, string text)
    {
        var index = bytes.AsSpan().LastIndexOf(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.True(index >= 0, $"'{text}' not found");
        return index;
    }

    /// <summary>The embedded manifest store of a file, located by the reader under test's locator.</summary>
    public static byte[] StoreBytes(byte[] file) =>
        Containers.ManifestLocator.LocateAsync(new MemoryStream(file), 1 << 26).GetAwaiter().GetResult().ManifestStore
        ?? throw new InvalidOperationException("no manifest store");

    /// <summary>The file offset of the last byte of the active manifest's COSE signature (the signature is the COSE array's last item).</summary>
    public static long LastSignatureByteOffset(byte[] file)
    {
        var signature = ManifestStore.Parse(StoreBytes(file)).Active!.SignatureBox!.ContentBox!.Raw;
        return FileOffset(file, signature) + signature.Length - 1;
    }

    /// <summary>Where in an MP4 <paramref name="file"/> (its store stored in one piece) a slice of its parsed manifest store starts.</summary>
    public static int FileOffset(byte[] file, ReadOnlyMemory<byte> slice)
    {
        Assert.True(MemoryMarshal.TryGetArray(slice, out var segment));
        var storeOffset = file.AsSpan().IndexOf(segment.Array);
        Assert.True(storeOffset >= 0);
        return storeOffset + segment.Offset;
    }

    public static IReadOnlyList<string> Failures(ProvenanceReport report) => report.FailureCodes.ToList();

    public static bool Has(ProvenanceReport report, string code) => report.Statuses.Any(s => s.Code == code);

    public static void AssertHas(ProvenanceReport report, string code) =>
        Assert.True(Has(report, code), $"expected {code}, got: {string.Join(", ", report.Statuses.Select(s => s.Code))}");

    public static void AssertOnlyFailure(ProvenanceReport report, params string[] codes) =>
        Assert.Equal(codes.Order(), Failures(report).Order());
}

/// <summary>A file in the temp folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(byte[] content, string extension)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"provenance-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}{extension}");
        File.WriteAllBytes(Path, content);
    }

    private static int _counter;

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
