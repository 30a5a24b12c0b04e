using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance.Manifests;

/// <summary>
/// A C2PA claim, v1 ("c2pa.claim": assertions, claim_generator) or v2 ("c2pa.claim.v2": created_assertions,
/// gathered_assertions, claim_generator_info). <see cref="Bytes"/> are the stored bytes the signature covers.
/// </summary>
public sealed record Claim(
    int Version,
    ReadOnlyMemory<byte> Bytes,
    string SignatureUrl,
    string? Algorithm,
    string? ClaimGenerator,
    string? InstanceId,
    string? Title,
    string? Format,
    IReadOnlyList<HashedUri> Assertions,
    IReadOnlyList<string> RedactedAssertions)
{
    public const string V1Label = "c2pa.claim";
    public const string V2Label = "c2pa.claim.v2";

    /// <summary>The claim stored as <paramref name="bytes"/>, already decoded (a decoding failure is its own status code).</summary>
    /// <exception cref="C2paFormatException">The CBOR is not a claim.</exception>
    public static Claim From(string label, ReadOnlyMemory<byte> bytes, CborValue decoded)
    {
        var claim = decoded.Untagged();
        if (claim.Kind != CborKind.Map)
        {
            throw new C2paFormatException("The claim is not a CBOR map.");
        }
        var version = label == V2Label ? 2 : 1;
        var signature = claim["signature"]?.AsText() ?? throw new C2paFormatException("The claim names no signature.");
        var assertions = version == 2
            ? HashedUris(claim["created_assertions"]).Concat(HashedUris(claim["gathered_assertions"])).ToList()
            : HashedUris(claim["assertions"]).ToList();
        var redacted = (claim["redacted_assertions"]?.Untagged().Items ?? []).Select(i => i.AsText()).OfType<string>().ToList();
        return new Claim(
            version,
            bytes,
            signature,
            claim["alg"]?.AsText(),
            Generator(claim),
            claim["instanceID"]?.AsText(),
            claim["dc:title"]?.AsText(),
            claim["dc:format"]?.AsText(),
            assertions,
            redacted);
    }

    private static IEnumerable<HashedUri> HashedUris(CborValue? list)
    {
        foreach (var item in list?.Untagged().Items ?? [])
        {
            yield return HashedUri.From(item) ?? throw new C2paFormatException("The claim holds a malformed hashed URI.");
        }
    }

    // v1 has a free-text claim_generator; v2 (and newer v1) describe it as {name, version} in claim_generator_info.
    private static string? Generator(CborValue claim)
    {
        if (claim["claim_generator"]?.AsText() is { } text)
        {
            return text;
        }
        var info = claim["claim_generator_info"]?.Untagged();
        var first = info?.Kind == CborKind.Array ? (info.Items.Count > 0 ? info.Items[0] : null) : info;
        var name = first?["name"]?.AsText();
        var version = first?["version"]?.AsText();
        return name is null ? null : version is null ? name : $"{name}/{version}";
    }
}
