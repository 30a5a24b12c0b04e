using System.Buffers.Binary;
using System.Text;

namespace Orchestrator.Provenance.Containers;

/// <summary>
/// The box tree of an ISO-BMFF file (MP4, MOV, M4A, fragments), read by walking box headers with Seek: media data is
/// never read. Descends only into the container boxes whose children a C2PA exclusion can name.
/// </summary>
public sealed class BmffLayout
{
    /// <summary>The C2PA manifest box: uuid D8FEC3D6-1B0E-483C-9297-5828877EC481.</summary>
    public static readonly Guid C2paUuid = new("d8fec3d6-1b0e-483c-9297-5828877ec481");

    // Bounds against a file of millions of empty boxes (each costs a header read, a record and, from BMFF hash v2 on, an
    // offset marker). Real files are far below: a progressive MP4 has a handful of top-level boxes and a few hundred in
    // all; a fragmented one has two or three top-level boxes (moof, mdat, maybe a proof uuid) and about eight in all per
    // fragment, so even two hours cut into half-second fragments (14,400 of them) stays under both caps.
    private const int MaxTopLevelBoxes = 100_000;
    private const int MaxBoxes = 250_000;
    private const int MaxDepth = 32;

    private static readonly HashSet<string> Containers =
    [
        "moov", "trak", "mdia", "minf", "stbl", "dinf", "edts", "mvex", "moof", "traf", "udta", "mfra", "meta", "sinf", "schi", "tref", "iprp", "ipco",
    ];

    private BmffLayout(IReadOnlyList<BmffBox> boxes, long length)
    {
        Boxes = boxes;
        Length = length;
    }

    /// <summary>Every box found, in file order (a parent before its children).</summary>
    public IReadOnlyList<BmffBox> Boxes { get; }

    public long Length { get; }

    public IEnumerable<BmffBox> TopLevel => Boxes.Where(b => b.IsTopLevel);

    public static async Task<BmffLayout> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var boxes = new List<BmffBox>();
        await ReadChildrenAsync(stream, "", 0, stream.Length, 0, boxes, cancellationToken).ConfigureAwait(false);
        if (boxes.Count == 0)
        {
            throw new C2paFormatException("BMFF: no boxes.");
        }
        return new BmffLayout(boxes, stream.Length);
    }

    /// <summary>Reads one box header at <paramref name="offset"/>, checking that the box fits inside <paramref name="end"/>.</summary>
    public static async Task<BmffBox> ReadHeaderAsync(Stream stream, string parentPath, long offset, long end, CancellationToken cancellationToken)
    {
        if (end - offset < 8)
        {
            throw new C2paFormatException($"BMFF: truncated box header at offset {offset}.");
        }
        var header = await StreamReading.ReadAtAsync(stream, offset, 8, cancellationToken).ConfigureAwait(false);
        long size = BinaryPrimitives.ReadUInt32BigEndian(header);
        var type = Encoding.Latin1.GetString(header, 4, 4);
        var headerSize = 8;
        if (size == 1)
        {
            if (end - offset < 16)
            {
                throw new C2paFormatException($"BMFF: truncated large-size header of '{type}' at offset {offset}.");
            }
            var large = await StreamReading.ReadAtAsync(stream, offset + 8, 8, cancellationToken).ConfigureAwait(false);
            var largeSize = BinaryPrimitives.ReadUInt64BigEndian(large);
            size = largeSize > long.MaxValue ? long.MaxValue : (long)largeSize;
            headerSize = 16;
        }
        else if (size == 0)
        {
            size = end - offset;
        }
        Guid? userType = null;
        if (type == "uuid")
        {
            if (size < headerSize + 16 || end - offset < headerSize + 16)
            {
                throw new C2paFormatException($"BMFF: truncated uuid box at offset {offset}.");
            }
            var uuid = await StreamReading.ReadAtAsync(stream, offset + headerSize, 16, cancellationToken).ConfigureAwait(false);
            userType = new Guid(uuid, bigEndian: true);
            headerSize += 16;
        }
        if (size < headerSize || size > end - offset)
        {
            throw new C2paFormatException($"BMFF: box '{type}' at offset {offset} declares {size} bytes, {end - offset} are left.");
        }
        return new BmffBox($"{parentPath}/{type}", type, offset, size, headerSize, userType);
    }

    private static async Task ReadChildrenAsync(Stream stream, string parentPath, long start, long end, int depth, List<BmffBox> boxes, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            throw new C2paFormatException($"BMFF: boxes nested deeper than {MaxDepth} at {parentPath}.");
        }
        var topLevel = 0;
        for (var offset = start; offset < end;)
        {
            var box = await ReadHeaderAsync(stream, parentPath, offset, end, cancellationToken).ConfigureAwait(false);
            if (boxes.Count >= MaxBoxes)
            {
                throw new C2paFormatException($"BMFF: more than {MaxBoxes} boxes.");
            }
            if (depth == 0 && ++topLevel > MaxTopLevelBoxes)
            {
                throw new C2paFormatException($"BMFF: more than {MaxTopLevelBoxes} top-level boxes.");
            }
            boxes.Add(box);
            if (Containers.Contains(box.Type))
            {
                var childStart = box.PayloadOffset + (box.Type == "meta" && await IsFullBoxMetaAsync(stream, box, cancellationToken).ConfigureAwait(false) ? 4 : 0);
                await ReadChildrenAsync(stream, box.Path, childStart, box.End, depth + 1, boxes, cancellationToken).ConfigureAwait(false);
            }
            offset = box.End;
        }
    }

    // ISO 'meta' is a FullBox (4 bytes of version/flags before its children); QuickTime 'meta' is a plain box.
    private static async Task<bool> IsFullBoxMetaAsync(Stream stream, BmffBox meta, CancellationToken cancellationToken)
    {
        if (meta.PayloadSize < 8)
        {
            return true;
        }
        var peek = await StreamReading.ReadAtAsync(stream, meta.PayloadOffset, 8, cancellationToken).ConfigureAwait(false);
        var childSize = BinaryPrimitives.ReadUInt32BigEndian(peek);
        var printable = peek.AsSpan(4).IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;
        return !(childSize >= 8 && childSize <= meta.PayloadSize && printable);
    }
}
