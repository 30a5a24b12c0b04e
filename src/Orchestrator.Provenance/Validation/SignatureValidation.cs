using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Provenance.Manifests;
using Orchestrator.Provenance.Signatures;

namespace Orchestrator.Provenance.Validation;

/// <summary>The outcome of checking a claim signature: who signed, when, and the time certificates were checked at.</summary>
/// <param name="Chain">The certificates the signature rests on: the path to a trust anchor when there is one, otherwise the x5chain as carried.</param>
internal sealed record SignatureOutcome(
    SignerRecord? Signer, TimeStampOutcome? TimeStamp, DateTimeOffset CheckedAt, string CheckedAgainst, IReadOnlyList<CertificateRecord> Chain);

/// <summary>
/// Verifies a claim's COSE_Sign1 signature over the stored claim bytes and its signer certificate: algorithm,
/// signature, time-stamp, validity period of the signer and of every certificate above it (at the time of a verified
/// time-stamp from a trusted TSA when there is one, otherwise at the validation time), C2PA certificate profile and trust.
/// </summary>
internal static class SignatureValidation
{
    public static SignatureOutcome Check(
        Manifest manifest, ManifestStore store, Claim claim, ProvenanceOptions options, DateTimeOffset now, StatusLog log)
    {
        var signatureUrl = manifest.UriOf(Manifest.SignatureLabel);
        var box = store.Resolve(claim.SignatureUrl, manifest) ?? manifest.SignatureBox;
        if (box?.ContentBox is not { } content)
        {
            log.Add(ValidationStatusCodes.ClaimSignatureMissing, signatureUrl, "the claim signature box is missing");
            return NothingVerified(now);
        }
        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Decode(content.Payload, options.CborLimits);
        }
        catch (C2paFormatException e)
        {
            log.Add(ValidationStatusCodes.ClaimSignatureMismatch, signatureUrl, $"the claim signature is malformed: {e.Message}");
            return NothingVerified(now);
        }
        var algorithm = cose.Algorithm;
        if (CoseAlgorithms.Name(algorithm) is not { } algorithmName)
        {
            log.Add(ValidationStatusCodes.AlgorithmUnsupported, signatureUrl, $"COSE algorithm {algorithm?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} is not supported");
            return NothingVerified(now);
        }
        List<X509Certificate2> chain;
        try
        {
            chain = CertificateTrust.LoadAll(cose.CertificateChain);
        }
        catch (Exception e) when (e is CryptographicException or C2paFormatException)
        {
            log.Add(ValidationStatusCodes.SigningCredentialInvalid, signatureUrl, $"the signing certificate chain cannot be read: {e.Message}");
            return NothingVerified(now);
        }
        try
        {
            return CheckSigner(cose, chain, algorithm!.Value, algorithmName, claim, options, now, signatureUrl, log);
        }
        finally
        {
            CertificateTrust.DisposeAll(chain);
        }
    }

    /// <summary>Checks the signature with the loaded x5chain (signer first), which the caller owns and disposes.</summary>
    private static SignatureOutcome CheckSigner(
        CoseSign1 cose, List<X509Certificate2> chain, long algorithm, string algorithmName, Claim claim, ProvenanceOptions options, DateTimeOffset now, string signatureUrl, StatusLog log)
    {
        if (chain.Count == 0)
        {
            log.Add(ValidationStatusCodes.SigningCredentialInvalid, signatureUrl, "the signature carries no certificate (x5chain)");
            return NothingVerified(now);
        }
        var signer = chain[0];
        var signerRecord = Describe(signer, algorithmName);

        var timeStamp = TimeStampVerifier.Verify(cose, claim.Bytes, options.TimestampAnchors);
        foreach (var code in timeStamp?.Codes ?? [])
        {
            log.Add(code, signatureUrl, timeStamp!.Explanation);
        }
        // Only a trusted TSA's time proves when the claim was signed; an untrusted one could be backdated at will.
        var (checkedAt, against) = timeStamp is { Time: { } stamped, Trusted: true } ? (stamped, "trusted timestamp") : (now, "validation time");
        var outcome = new SignatureOutcome(signerRecord, timeStamp, checkedAt, against, DescribeChain(chain, anchored: false));

        // An attached payload must be the claim itself, or the signature covers something else.
        if (cose.Payload is { } attached && !attached.Span.SequenceEqual(claim.Bytes.Span))
        {
            log.Add(ValidationStatusCodes.ClaimSignatureMismatch, signatureUrl, "the signature's attached payload is not this claim");
            return outcome;
        }
        bool verified;
        try
        {
            verified = CoseAlgorithms.Verify(algorithm, signer, cose.ToBeSigned(claim.Bytes), cose.Signature.ToArray());
        }
        catch (CryptographicException e)
        {
            log.Add(ValidationStatusCodes.SigningCredentialInvalid, signatureUrl, $"the signer key does not suit {algorithmName}: {e.Message}");
            return outcome;
        }
        if (!verified)
        {
            log.Add(ValidationStatusCodes.ClaimSignatureMismatch, signatureUrl, "the claim signature does not verify");
            return outcome;
        }
        log.Add(ValidationStatusCodes.ClaimSignatureValidated, signatureUrl, $"claim signature valid ({algorithmName})");

        var path = CertificateTrust.PathToAnchor(signer, chain.Skip(1), options.TrustAnchors, checkedAt);
        try
        {
            var certificates = path ?? chain;
            if (CheckValidity(certificates[0], "signing certificate", checkedAt, against, signatureUrl, log))
            {
                log.Add(ValidationStatusCodes.ClaimSignatureInsideValidity, signatureUrl, $"signed inside the certificate's validity, checked at {checkedAt:O} ({against})");
            }
            foreach (var issuer in certificates.Skip(1))
            {
                // An issuer (intermediate or anchor) out of its validity cannot vouch for the signer at that time either.
                CheckValidity(issuer, $"issuing certificate '{issuer.Subject}'", checkedAt, against, signatureUrl, log);
            }
            if (SignerCertificateProfile.Problem(signer) is { } problem)
            {
                log.Add(ValidationStatusCodes.SigningCredentialInvalid, signatureUrl, problem);
            }
            log.Add(
                path is not null ? ValidationStatusCodes.SigningCredentialTrusted : ValidationStatusCodes.SigningCredentialUntrusted,
                signatureUrl,
                path is not null ? "the signing certificate chains to a trust anchor" : "the signing certificate does not chain to any configured trust anchor");
            return outcome with { Chain = DescribeChain(certificates, anchored: path is not null) };
        }
        finally
        {
            CertificateTrust.DisposeAll(path);
        }
    }

    private static SignatureOutcome NothingVerified(DateTimeOffset now) => new(null, null, now, "validation time", []);

    /// <summary>Logs why <paramref name="certificate"/> was not valid at <paramref name="at"/>; true when it was.</summary>
    private static bool CheckValidity(X509Certificate2 certificate, string name, DateTimeOffset at, string against, string url, StatusLog log)
    {
        if (at > certificate.NotAfter.ToUniversalTime())
        {
            log.Add(ValidationStatusCodes.SigningCredentialExpired, url, $"the {name} expired {certificate.NotAfter.ToUniversalTime():O}, checked at {at:O} ({against})");
            return false;
        }
        if (at < certificate.NotBefore.ToUniversalTime())
        {
            log.Add(ValidationStatusCodes.ClaimSignatureOutsideValidity, url, $"the {name} is valid only from {certificate.NotBefore.ToUniversalTime():O}, checked at {at:O} ({against})");
            return false;
        }
        return true;
    }

    private static List<CertificateRecord> DescribeChain(IReadOnlyList<X509Certificate2> certificates, bool anchored) =>
        certificates.Select((c, i) => new CertificateRecord(
            i == 0 ? CertificateRole.Signer : anchored && i == certificates.Count - 1 ? CertificateRole.TrustAnchor : CertificateRole.Intermediate,
            c.Subject,
            c.Issuer,
            c.SerialNumber,
            new DateTimeOffset(c.NotBefore.ToUniversalTime()),
            new DateTimeOffset(c.NotAfter.ToUniversalTime()))).ToList();

    private static SignerRecord Describe(X509Certificate2 signer, string algorithm) => new(
        signer.Subject,
        signer.Issuer,
        NullIfEmpty(signer.GetNameInfo(X509NameType.SimpleName, false)),
        Attribute(signer.SubjectName, "O"),
        signer.SerialNumber,
        new DateTimeOffset(signer.NotBefore.ToUniversalTime()),
        new DateTimeOffset(signer.NotAfter.ToUniversalTime()),
        algorithm);

    private static string? Attribute(X500DistinguishedName name, string key) =>
        name.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().FriendlyName == key || r.GetSingleElementType().Value == "2.5.4.10" && key == "O")
            .Select(r => r.GetSingleElementValue())
            .FirstOrDefault();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
