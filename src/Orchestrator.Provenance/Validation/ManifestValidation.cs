using System.Security.Cryptography;
using Orchestrator.Provenance.Cbor;
using Orchestrator.Provenance.Hashing;
using Orchestrator.Provenance.Manifests;

namespace Orchestrator.Provenance.Validation;

/// <summary>What checking one manifest found: its claim (when readable), signature outcome and statuses.</summary>
internal sealed record ManifestOutcome(Manifest Manifest, Claim? Claim, SignatureOutcome? Signature, IReadOnlyList<ValidationStatus> Statuses);

/// <summary>
/// Checks one manifest independently of the asset: exactly one claim, its signature, and every hashed URI of the
/// claim against the stored assertion bytes (the hash covers the assertion superbox without its own header), and
/// that every referenced CBOR assertion decodes.
/// </summary>
internal static class ManifestValidation
{
    public static ManifestOutcome Check(Manifest manifest, ManifestStore store, ProvenanceOptions options, DateTimeOffset now, StatusLog log)
    {
        if (manifest.ClaimBoxes.Count != 1)
        {
            var code = manifest.ClaimBoxes.Count == 0 ? ValidationStatusCodes.ClaimMissing : ValidationStatusCodes.ClaimMultiple;
            log.Add(code, $"self#jumbf=/c2pa/{manifest.Label}", $"the manifest has {manifest.ClaimBoxes.Count} claims");
            return new ManifestOutcome(manifest, null, null, log.Statuses);
        }
        var claimBox = manifest.ClaimBoxes[0];
        var claimUrl = manifest.UriOf(claimBox.Label!);
        if (claimBox.ContentBox is not { Type: "cbor" } content)
        {
            log.Add(ValidationStatusCodes.ClaimMalformed, claimUrl, "the claim box holds no CBOR");
            return new ManifestOutcome(manifest, null, null, log.Statuses);
        }
        CborValue decoded;
        try
        {
            decoded = CborReader.Decode(content.Payload, options.CborLimits);
        }
        catch (C2paFormatException e)
        {
            log.Add(ValidationStatusCodes.ClaimCborInvalid, claimUrl, e.Message);
            return new ManifestOutcome(manifest, null, null, log.Statuses);
        }
        Claim claim;
        try
        {
            claim = Claim.From(claimBox.Label!, content.Payload, decoded);
        }
        catch (C2paFormatException e)
        {
            log.Add(ValidationStatusCodes.ClaimMalformed, claimUrl, e.Message);
            return new ManifestOutcome(manifest, null, null, log.Statuses);
        }
        var signature = SignatureValidation.Check(manifest, store, claim, options, now, log);
        CheckAssertions(manifest, store, claim, options, log);
        return new ManifestOutcome(manifest, claim, signature, log.Statuses);
    }

    private static void CheckAssertions(Manifest manifest, ManifestStore store, Claim claim, ProvenanceOptions options, StatusLog log)
    {
        foreach (var uri in claim.Assertions)
        {
            var box = store.Resolve(uri.Url, manifest);
            var url = ManifestStore.Absolute(uri.Url, manifest);
            if (box is null)
            {
                log.Add(ValidationStatusCodes.AssertionMissing, uri.Url, "the claim references an assertion that is not in the manifest");
                continue;
            }
            var algorithmName = uri.Algorithm ?? claim.Algorithm;
            if (!HashAlgorithms.TryResolve(algorithmName, out var algorithm))
            {
                log.Add(ValidationStatusCodes.AlgorithmUnsupported, url, $"hash algorithm '{algorithmName}' is not supported");
                continue;
            }
            var matches = CryptographicOperations.HashData(algorithm, box.Payload.Span).AsSpan().SequenceEqual(uri.Hash.Span);
            log.Add(
                matches ? ValidationStatusCodes.HashedUriMatch : ValidationStatusCodes.HashedUriMismatch,
                url,
                matches ? $"hashed uri matched: {uri.Url}" : $"hashed uri does not match: {uri.Url}");
            // Unreadable, an assertion declares nothing (an actions assertion no AI generation): that must not pass quietly.
            try
            {
                AssertionContent.Cbor(box, options.CborLimits);
            }
            catch (C2paFormatException e)
            {
                log.Add(ValidationStatusCodes.AssertionCborInvalid, url, $"the assertion's CBOR does not decode: {e.Message}");
            }
        }
    }
}
