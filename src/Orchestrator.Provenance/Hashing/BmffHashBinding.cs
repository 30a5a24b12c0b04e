using System.Security.Cryptography;
using Orchestrator.Provenance.Cbor;
using Orchestrator.Provenance.Containers;

namespace Orchestrator.Provenance.Hashing;

/// <summary>
/// The c2pa.hash.bmff hard binding (legacy v1, v2, v3): a hash of the file minus the boxes its exclusions name
/// (by path, optionally narrowed by length, version, flags and data, and reduced to subsets), where from v2 on each
/// top-level box that is not wholly excluded also contributes its file offset. Merkle trees over fragments are checked
/// when the fragments are in the same file; an init segment alone cannot prove its media and fails.
/// </summary>
internal static class BmffHashBinding
{
    public static int VersionOf(string label) => label switch
    {
        _ when label.StartsWith("c2pa.hash.bmff.v3", StringComparison.Ordinal) => 3,
        _ when label.StartsWith("c2pa.hash.bmff.v2", StringComparison.Ordinal) => 2,
        _ => 1,
    };

    /// <summary>Null when the binding matches, otherwise why it does not.</summary>
    public static async Task<string?> CheckAsync(Stream stream, BmffLayout layout, CborValue assertion, int version, string? defaultAlgorithm, CancellationToken cancellationToken)
    {
        var algorithm = BindingFields.Algorithm(assertion, defaultAlgorithm);
        var (exclusions, markers) = await ExclusionsAsync(stream, layout, assertion, version, cancellationToken).ConfigureAwait(false);
        var expected = assertion["hash"]?.AsBytes();
        var merkle = assertion["merkle"]?.Untagged().Items ?? [];
        if (expected is null && merkle.Count == 0)
        {
            throw new C2paFormatException("c2pa.hash.bmff: neither a hash nor a merkle tree.");
        }
        if (expected is { } hash)
        {
            var actual = await RangeHasher.HashAsync(stream, algorithm, exclusions, markers, cancellationToken).ConfigureAwait(false);
            if (!actual.AsSpan().SequenceEqual(hash.Span))
            {
                return "the file hash does not match";
            }
        }
        return merkle.Count == 0 ? null : await CheckMerkleAsync(stream, layout, merkle, algorithm, exclusions, markers, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> CheckMerkleAsync(
        Stream stream, BmffLayout layout, IReadOnlyList<CborValue> merkle, HashAlgorithmName algorithm, List<ByteRange> exclusions, List<long> markers, CancellationToken cancellationToken)
    {
        var moofs = layout.TopLevel.Where(b => b.Type == "moof").ToList();
        if (moofs.Count == 0)
        {
            return merkle.Any(m => m["initHash"] is not null)
                ? "an init hash proves nothing without the fragments it covers (validate the init segment with its fragments)"
                : "merkle trees over un-fragmented media are not supported";
        }
        var proofs = await MerkleProofs.ReadFromFileAsync(stream, layout, cancellationToken).ConfigureAwait(false);
        var merged = RangeHasher.Merge(exclusions, layout.Length);
        foreach (var map in merkle)
        {
            var tree = MerkleTree.From(map, algorithm);
            if (tree.InitHash is { } initHash)
            {
                var initExclusions = exclusions.Append(new ByteRange(moofs[0].Offset, layout.Length - moofs[0].Offset));
                var actual = await RangeHasher.HashAsync(stream, tree.Algorithm, initExclusions, markers, cancellationToken).ConfigureAwait(false);
                if (!actual.AsSpan().SequenceEqual(initHash.Span))
                {
                    return "the init hash does not match";
                }
            }
            var chunks = FragmentChunks(layout);
            if (chunks.Count != tree.Count || proofs.Count != tree.Count)
            {
                return $"{chunks.Count} fragments and {proofs.Count} proofs for a tree of {tree.Count}";
            }
            for (var i = 0; i < chunks.Count; i++)
            {
                // Only this fragment's boxes count: exclude everything before and after it, and hand the hasher only the
                // exclusions and markers inside it (all of them, for each of thousands of fragments, would be quadratic).
                var chunk = chunks[i];
                var chunkExclusions = Within(merged, chunk.Start, chunk.End, r => r.Start, r => r.End)
                    .Append(new ByteRange(0, chunk.Start)).Append(new ByteRange(chunk.End, layout.Length - chunk.End));
                var chunkMarkers = Within(markers, chunk.Start, chunk.End, m => m, m => m + 1);
                var leaf = await RangeHasher.HashAsync(stream, tree.Algorithm, chunkExclusions, chunkMarkers, cancellationToken).ConfigureAwait(false);
                if (!tree.Proves(leaf, proofs[i]))
                {
                    return $"fragment {i} is not proven by the merkle tree";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Checks fragments stored as separate files (DASH/HLS segments) against the init segment's merkle trees: the init
    /// segment's own hash, then each fragment's hash (minus the exclusions) replayed through its merkle proof box.
    /// Null when every fragment is proven, otherwise why not.
    /// </summary>
    public static async Task<string?> CheckFragmentsAsync(
        Stream init, BmffLayout initLayout, IReadOnlyList<Stream> fragments, CborValue assertion, int version, string? defaultAlgorithm, CancellationToken cancellationToken)
    {
        var algorithm = BindingFields.Algorithm(assertion, defaultAlgorithm);
        var trees = (assertion["merkle"]?.Untagged().Items ?? []).Select(m => MerkleTree.From(m, algorithm)).ToList();
        if (trees.Count == 0 || assertion["hash"] is not null)
        {
            return "a fragmented asset is bound by merkle trees, without a whole-file hash";
        }
        var (initExclusions, initMarkers) = await ExclusionsAsync(init, initLayout, assertion, version, cancellationToken).ConfigureAwait(false);
        foreach (var tree in trees.Where(t => t.InitHash is not null))
        {
            var actual = await RangeHasher.HashAsync(init, tree.Algorithm, initExclusions, initMarkers, cancellationToken).ConfigureAwait(false);
            if (!actual.AsSpan().SequenceEqual(tree.InitHash!.Value.Span))
            {
                return "the init segment does not match its init hash";
            }
        }
        for (var i = 0; i < fragments.Count; i++)
        {
            var fragment = fragments[i];
            var layout = await BmffLayout.ReadAsync(fragment, cancellationToken).ConfigureAwait(false);
            var proofs = await MerkleProofs.ReadFromFileAsync(fragment, layout, cancellationToken).ConfigureAwait(false);
            if (proofs.Count == 0)
            {
                return $"fragment {i} carries no merkle proof";
            }
            var (exclusions, markers) = await ExclusionsAsync(fragment, layout, assertion, version, cancellationToken).ConfigureAwait(false);
            foreach (var proof in proofs)
            {
                var tree = trees.FirstOrDefault(t => t.UniqueId == proof.UniqueId && t.LocalId == proof.LocalId);
                if (tree is null)
                {
                    return $"fragment {i} names a merkle tree the manifest does not have";
                }
                var leaf = await RangeHasher.HashAsync(fragment, tree.Algorithm, exclusions, markers, cancellationToken).ConfigureAwait(false);
                if (!tree.Proves(leaf, proof))
                {
                    return $"fragment {i} is not proven by the merkle tree";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The items of a sorted, non-overlapping list that overlap [<paramref name="start"/>, <paramref name="end"/>), each item
    /// spanning [<paramref name="from"/>, <paramref name="to"/>): a binary search for the first, then a walk to the last.
    /// </summary>
    internal static List<T> Within<T>(List<T> sorted, long start, long end, Func<T, long> from, Func<T, long> to)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (to(sorted[middle]) <= start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        var items = new List<T>();
        for (var i = low; i < sorted.Count && from(sorted[i]) < end; i++)
        {
            items.Add(sorted[i]);
        }
        return items;
    }

    /// <summary>The byte span of each fragment: a moof and the boxes after it up to the next moof.</summary>
    private static List<ByteRange> FragmentChunks(BmffLayout layout)
    {
        var topLevel = layout.TopLevel.ToList();
        var chunks = new List<ByteRange>();
        for (var i = topLevel.FindIndex(b => b.Type == "moof"); i >= 0 && i < topLevel.Count;)
        {
            var start = topLevel[i].Offset;
            var end = topLevel[i].End;
            for (i++; i < topLevel.Count && topLevel[i].Type != "moof"; i++)
            {
                end = topLevel[i].End;
            }
            chunks.Add(new ByteRange(start, end - start));
        }
        return chunks;
    }

    /// <summary>Turns the exclusion maps into byte ranges, and lists the top-level offsets hashed from v2 on.</summary>
    public static async Task<(List<ByteRange> Exclusions, List<long> Markers)> ExclusionsAsync(
        Stream stream, BmffLayout layout, CborValue assertion, int version, CancellationToken cancellationToken)
    {
        var ranges = new List<ByteRange>();
        var topLevelOffsets = layout.TopLevel.Select(b => b.Offset).ToHashSet();
        var boxesByPath = layout.Boxes.ToLookup(b => b.Path, StringComparer.Ordinal);
        foreach (var map in assertion["exclusions"]?.Untagged().Items ?? [])
        {
            var xpath = map["xpath"]?.AsText() ?? throw new C2paFormatException("c2pa.hash.bmff: an exclusion has no xpath.");
            foreach (var box in boxesByPath[xpath])
            {
                if (!await MatchesAsync(stream, box, map, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
                var subsets = map["subset"]?.Untagged().Items;
                if (subsets is null)
                {
                    ranges.Add(new ByteRange(box.Offset, box.Size));
                    topLevelOffsets.Remove(box.Offset); // a wholly excluded box contributes no offset either
                    continue;
                }
                foreach (var subset in subsets)
                {
                    var offset = subset["offset"]?.AsInt64() ?? 0;
                    var length = subset["length"]?.AsInt64() ?? 0;
                    if (offset > box.Size || offset < 0 || length < 0)
                    {
                        continue;
                    }
                    ranges.Add(new ByteRange(box.Offset + offset, length == 0 ? box.Size - offset : Math.Min(length, box.Size - offset)));
                }
            }
        }
        return (ranges, version >= 2 ? topLevelOffsets.Order().ToList() : []);
    }

    private static async Task<bool> MatchesAsync(Stream stream, BmffBox box, CborValue map, CancellationToken cancellationToken)
    {
        if (map["length"]?.AsInt64() is { } length && length != box.Size)
        {
            return false;
        }
        var version = map["version"]?.AsInt64();
        var flags = map["flags"]?.AsBytes();
        if ((version is not null || flags is not null) && box.PayloadSize >= 4)
        {
            var fullBox = await StreamReading.ReadAtAsync(stream, box.PayloadOffset, 4, cancellationToken).ConfigureAwait(false);
            if (version is not null && fullBox[0] != version)
            {
                return false;
            }
            if (flags is { Length: >= 3 } f)
            {
                var wanted = (f.Span[0] << 16) | (f.Span[1] << 8) | f.Span[2];
                var actual = (fullBox[1] << 16) | (fullBox[2] << 8) | fullBox[3];
                var exact = map["exact"]?.AsBoolean() ?? true;
                if (exact ? wanted != actual : (wanted | actual) != wanted)
                {
                    return false;
                }
            }
        }
        foreach (var data in map["data"]?.Untagged().Items ?? [])
        {
            var offset = data["offset"]?.AsInt64() ?? 0;
            var value = data["value"]?.AsBytes() ?? ReadOnlyMemory<byte>.Empty;
            if (offset < 0 || offset + value.Length > box.Size)
            {
                return false;
            }
            var actual = await StreamReading.ReadAtAsync(stream, box.Offset + offset, value.Length, cancellationToken).ConfigureAwait(false);
            if (!actual.AsSpan().SequenceEqual(value.Span))
            {
                return false;
            }
        }
        return true;
    }
}
