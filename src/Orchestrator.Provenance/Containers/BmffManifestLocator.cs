using System.Text;

namespace Orchestrator.Provenance.Containers;

/// <summary>Finds the C2PA manifest store in the top-level C2PA uuid box of an ISO-BMFF file.</summary>
internal static class BmffManifestLocator
{
    // The purposes a C2PA uuid box may declare for a manifest store; "merkle" boxes carry fragment proofs instead.
    private static readonly string[] StorePurposes = ["manifest", "original", "update"];
    private const int MaxPurposeLength = 64;

    public static async Task<LocatedAsset> LocateAsync(Stream stream, long maxStoreBytes, CancellationToken cancellationToken)
    {
        var layout = await BmffLayout.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        foreach (var box in layout.TopLevel.Where(b => b.UserType == BmffLayout.C2paUuid))
        {
            var content = await ReadC2paBoxAsync(stream, box, cancellationToken).ConfigureAwait(false);
            if (!StorePurposes.Contains(content.Purpose))
            {
                continue;
            }
            if (content.Length > maxStoreBytes)
            {
                throw new C2paFormatException($"BMFF: the manifest store is {content.Length} bytes, more than the {maxStoreBytes} allowed.");
            }
            var store = await StreamReading.ReadAtAsync(stream, content.Offset, (int)content.Length, cancellationToken).ConfigureAwait(false);
            return new LocatedAsset(ContainerFormat.Bmff, store, layout);
        }
        return new LocatedAsset(ContainerFormat.Bmff, null, layout);
    }

    /// <summary>The payload of a C2PA uuid box: FullBox version/flags, a purpose string, for a store an 8-byte merkle offset, then data.</summary>
    public static async Task<C2paBoxContent> ReadC2paBoxAsync(Stream stream, BmffBox box, CancellationToken cancellationToken)
    {
        var headLength = (int)Math.Min(box.PayloadSize, 4 + MaxPurposeLength + 1 + 8);
        var head = await StreamReading.ReadAtAsync(stream, box.PayloadOffset, headLength, cancellationToken).ConfigureAwait(false);
        var terminator = head.AsSpan(Math.Min(4, head.Length)).IndexOf((byte)0);
        if (head.Length < 5 || terminator < 0)
        {
            throw new C2paFormatException($"BMFF: the C2PA box at offset {box.Offset} has no purpose string.");
        }
        var purpose = Encoding.UTF8.GetString(head, 4, terminator);
        var dataStart = 4 + terminator + 1 + (purpose == "merkle" ? 0 : 8);
        if (dataStart > box.PayloadSize)
        {
            throw new C2paFormatException($"BMFF: the C2PA box at offset {box.Offset} is truncated.");
        }
        return new C2paBoxContent(purpose, box.PayloadOffset + dataStart, box.PayloadSize - dataStart);
    }
}

/// <summary>Where the data of a C2PA uuid box lies, and what the box is for.</summary>
internal sealed record C2paBoxContent(string Purpose, long Offset, long Length);
