using System.Security.Cryptography;
using Orchestrator.Provenance.Hashing;

namespace Orchestrator.Provenance.Tests;

/// <summary>Merkle proofs for fragments: an odd last node is carried up unhashed, proofs replay to the stored row.</summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves = [.. Enumerable.Range(0, 3).Select(i => SHA256.HashData([(byte)i]))];

    private static byte[] Pair(byte[] left, byte[] right) => SHA256.HashData([.. left, .. right]);

    private static MerkleTree TreeWithRoot() =>
        new(1, 1, 3, HashAlgorithmName.SHA256, null, [Pair(Pair(Leaves[0], Leaves[1]), Leaves[2])]);

    [Fact]
    public void Each_leaf_is_proven_by_its_siblings()
    {
        var tree = TreeWithRoot();

        Assert.True(tree.Proves(Leaves[0], new MerkleProof(1, 1, 0, [Leaves[1], Leaves[2]])));
        Assert.True(tree.Proves(Leaves[1], new MerkleProof(1, 1, 1, [Leaves[0], Leaves[2]])));
        Assert.True(tree.Proves(Leaves[2], new MerkleProof(1, 1, 2, [Pair(Leaves[0], Leaves[1])])));
    }

    [Fact]
    public void A_changed_leaf_a_wrong_location_or_a_short_proof_fails()
    {
        var tree = TreeWithRoot();

        Assert.False(tree.Proves(SHA256.HashData([9]), new MerkleProof(1, 1, 0, [Leaves[1], Leaves[2]])));
        Assert.False(tree.Proves(Leaves[0], new MerkleProof(1, 1, 1, [Leaves[1], Leaves[2]])));
        Assert.False(tree.Proves(Leaves[0], new MerkleProof(1, 1, 0, [Leaves[1]])));
    }

    [Fact]
    public void A_stored_wider_row_needs_a_shorter_proof()
    {
        var tree = new MerkleTree(1, 1, 3, HashAlgorithmName.SHA256, null, [Pair(Leaves[0], Leaves[1]), Leaves[2]]);

        Assert.True(tree.Proves(Leaves[1], new MerkleProof(1, 1, 1, [Leaves[0]])));
        Assert.True(tree.Proves(Leaves[2], new MerkleProof(1, 1, 2, [])));
    }
}
