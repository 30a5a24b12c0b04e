using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance.Manifests;

/// <summary>A C2PA hashed URI: a JUMBF URI ("self#jumbf=...") and the hash of the box it points to.</summary>
public sealed record HashedUri(string Url, string? Algorithm, ReadOnlyMemory<byte> Hash)
{
    public static HashedUri? From(CborValue? value)
    {
        if (value?.Untagged() is not { Kind: CborKind.Map } map)
        {
            return null;
        }
        var url = map["url"]?.AsText();
        var hash = map["hash"]?.AsBytes();
        return url is null || hash is null ? null : new HashedUri(url, map["alg"]?.AsText(), hash.Value);
    }
}
