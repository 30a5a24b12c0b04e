using System.Security.Cryptography;
using Orchestrator.Provenance.Cbor;
using Orchestrator.Provenance.Containers;

namespace Orchestrator.Provenance.Hashing;

/// <summary>
/// A C2PA merkle map of a BMFF hash: the leaf count, an optional init-segment hash and one stored row of the tree
/// (the root, or a wider row). Leaves are fragment hashes; an odd last node is carried up unhashed.
/// </summary>
internal sealed record MerkleTree(long UniqueId, long LocalId, int Count, HashAlgorithmName Algorithm, ReadOnlyMemory<byte>? InitHash, IReadOnlyList<ReadOnlyMemory<byte>> Row)
{
    private const int MaxLeaves = 10_000_000;

    public static MerkleTree From(CborValue map, HashAlgorithmName defaultAlgorithm)
    {
        var count = map["count"]?.AsInt64() ?? throw new C2paFormatException("c2pa.hash.bmff: a merkle map has no count.");
        if (count is < 1 or > MaxLeaves)
        {
            throw new C2paFormatException($"c2pa.hash.bmff: a merkle map declares {count} leaves.");
        }
        var algorithm = map["alg"]?.AsText() is { } name
            ? HashAlgorithms.TryResolve(name, out var a) ? a : throw new NotSupportedException($"Hash algorithm '{name}' is not supported.")
            : defaultAlgorithm;
        var row = (map["hashes"]?.Untagged().Items ?? []).Select(h => h.AsBytes() ?? throw new C2paFormatException("c2pa.hash.bmff: a merkle hash is not bytes.")).ToList();
        return new MerkleTree(map["uniqueId"]?.AsInt64() ?? 0, map["localId"]?.AsInt64() ?? 0, (int)count, algorithm, map["initHash"]?.AsBytes(), row);
    }

    /// <summary>Plays the proof from a leaf up to the stored row and compares.</summary>
    public bool Proves(byte[] leaf, MerkleProof proof)
    {
        var hash = leaf;
        var index = proof.Location;
        var used = 0;
        foreach (var width in Layout())
        {
            if (width == Row.Count)
            {
                break;
            }
            var sibling = index % 2 == 1 ? index - 1 : index + 1;
            if (sibling < width)
            {
                if (used >= proof.Hashes.Count)
                {
                    return false;
                }
                var other = proof.Hashes[used++].Span;
                hash = index % 2 == 1 ? Concatenated(other, hash) : Concatenated(hash, other);
            }
            index /= 2;
        }
        return index < Row.Count && Row[(int)index].Span.SequenceEqual(hash);
    }

    private IEnumerable<long> Layout()
    {
        for (long width = Count; ; width = (width + 1) / 2)
        {
            yield return width;
            if (width <= 1)
            {
                yield break;
            }
        }
    }

    private byte[] Concatenated(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        using var hash = IncrementalHash.CreateHash(Algorithm);
        hash.AppendData(left);
        hash.AppendData(right);
        return hash.GetHashAndReset();
    }
}

/// <summary>A fragment's proof: which leaf it is and the sibling hashes up the tree (a C2PA uuid box with purpose "merkle").</summary>
internal sealed record MerkleProof(long UniqueId, long LocalId, long Location, IReadOnlyList<ReadOnlyMemory<byte>> Hashes);

internal static class MerkleProofs
{
    private const int MaxProofBytes = 1 << 20;

    public static async Task<List<MerkleProof>> ReadFromFileAsync(Stream stream, BmffLayout layout, CancellationToken cancellationToken)
    {
        var proofs = new List<MerkleProof>();
        foreach (var box in layout.TopLevel.Where(b => b.UserType == BmffLayout.C2paUuid))
        {
            var content = await BmffManifestLocator.ReadC2paBoxAsync(stream, box, cancellationToken).ConfigureAwait(false);
            if (content.Purpose != "merkle")
            {
                continue;
            }
            if (content.Length > MaxProofBytes)
            {
                throw new C2paFormatException($"BMFF: a merkle proof of {content.Length} bytes.");
            }
            var bytes = await StreamReading.ReadAtAsync(stream, content.Offset, (int)content.Length, cancellationToken).ConfigureAwait(false);
            var map = CborReader.Decode(bytes);
            var hashes = (map["hashes"]?.Untagged().Items ?? []).Select(h => h.AsBytes() ?? ReadOnlyMemory<byte>.Empty).ToList();
            proofs.Add(new MerkleProof(map["uniqueId"]?.AsInt64() ?? 0, map["localId"]?.AsInt64() ?? 0, map["location"]?.AsInt64() ?? -1, hashes));
        }
        return proofs;
    }
}
