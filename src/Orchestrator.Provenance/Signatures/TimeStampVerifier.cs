using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;
using Orchestrator.Provenance.Cbor;
using Orchestrator.Provenance.Validation;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Orchestrator.Provenance.Signatures;

/// <summary>What an RFC 3161 time-stamp on a claim signature proved.</summary>
/// <param name="Time">The TSA's genTime, when the token verified.</param>
/// <param name="Trusted">The TSA chains to a configured time-stamp anchor, so <paramref name="Time"/> can stand for the signing time.</param>
public sealed record TimeStampOutcome(DateTimeOffset? Time, bool Trusted, string? Authority, IReadOnlyList<string> Codes, string? Explanation);

/// <summary>
/// Verifies the time-stamp in a claim signature's unprotected header: "sigTst" (claim v1, over the claim bytes) or
/// "sigTst2" (over the encoded signature), each a {tstTokens: [{val: token}]} map. The token's message imprint must
/// equal the hash of the COSE countersignature structure, and its CMS signature must verify with the TSA certificate
/// it carries (BouncyCastle's TSP support: the platform has no RFC 3161 parser without an extra package).
/// </summary>
public static class TimeStampVerifier
{
    public static TimeStampOutcome? Verify(CoseSign1 cose, ReadOnlyMemory<byte> claimBytes, IReadOnlyCollection<X509Certificate2> timestampAnchors)
    {
        try
        {
            return VerifyToken(cose, claimBytes, timestampAnchors);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // The token is hostile input handed to a third-party ASN.1/CMS parser whose failure modes are not all
            // typed; whatever it throws, the time-stamp is unreadable, and that is a status, not a crash.
            return Failed(ValidationStatusCodes.TimeStampMalformed, $"the time-stamp token cannot be read: {e.Message}");
        }
    }

    private static TimeStampOutcome? VerifyToken(CoseSign1 cose, ReadOnlyMemory<byte> claimBytes, IReadOnlyCollection<X509Certificate2> timestampAnchors)
    {
        var (header, data) = cose.UnprotectedHeader["sigTst2"] is { } v2
            ? (v2, (ReadOnlyMemory<byte>)CborWriter.ByteString(cose.Signature.Span))
            : (cose.UnprotectedHeader["sigTst"], claimBytes);
        if (header is null)
        {
            return null;
        }
        var tokens = header["tstTokens"]?.Untagged().Items;
        var token = tokens is { Count: > 0 } ? tokens[0]["val"]?.AsBytes() : null;
        if (token is null)
        {
            return Failed(ValidationStatusCodes.TimeStampMalformed, "the time-stamp header holds no token");
        }
        var tst = Parse(token.Value.ToArray());
        var info = tst.TimeStampInfo;
        var signer = tst.GetCertificates("Collection").GetMatches(tst.SignerID).OfType<BcCertificate>().FirstOrDefault();
        var authority = signer is null ? null : CommonName(signer.SubjectDN.ToString());
        if (!ImprintMatches(info.MessageImprintAlgOid, info.GetMessageImprintDigest(), cose.CountersignatureData(data)))
        {
            return new TimeStampOutcome(null, false, authority, [ValidationStatusCodes.TimeStampMismatch], "the time-stamp does not cover this signature");
        }
        if (signer is null)
        {
            return new TimeStampOutcome(null, false, authority, [ValidationStatusCodes.TimeStampMalformed], "the time-stamp carries no TSA certificate");
        }
        try
        {
            tst.Validate(signer);
        }
        catch (TspException e)
        {
            var code = e is TspValidationException && e.Message.Contains("not valid", StringComparison.OrdinalIgnoreCase)
                ? ValidationStatusCodes.TimeStampOutsideValidity
                : ValidationStatusCodes.TimeStampMismatch;
            return new TimeStampOutcome(null, false, authority, [code], $"the time-stamp signature does not verify: {e.Message}");
        }
        var time = new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc));
        // Trusted only if the whole path to the anchor was valid when the TSA stamped.
        var trusted = TrustedAt(signer, tst, timestampAnchors, time);
        return new TimeStampOutcome(
            time,
            trusted,
            authority,
            [ValidationStatusCodes.TimeStampValidated, trusted ? ValidationStatusCodes.TimeStampTrusted : ValidationStatusCodes.TimeStampUntrusted],
            $"time-stamp by {authority} at {time:O}");
    }

    private static bool TrustedAt(BcCertificate signer, TimeStampToken tst, IReadOnlyCollection<X509Certificate2> timestampAnchors, DateTimeOffset time)
    {
        using var tsa = X509CertificateLoader.LoadCertificate(signer.GetEncoded());
        var others = CertificateTrust.LoadAll(tst.GetCertificates("Collection").GetMatches(null).OfType<BcCertificate>().Select(c => c.GetEncoded()));
        IReadOnlyList<X509Certificate2>? path = null;
        try
        {
            path = CertificateTrust.PathToAnchor(tsa, others, timestampAnchors, time);
            return path is not null && path.All(c => CertificateTrust.ValidAt(c, time));
        }
        finally
        {
            CertificateTrust.DisposeAll(path);
            CertificateTrust.DisposeAll(others);
        }
    }

    private static TimeStampOutcome Failed(string code, string explanation) => new(null, false, null, [code], explanation);

    // Tokens are normally a bare TimeStampToken (CMS ContentInfo); some v1 signers stored the whole TimeStampResp.
    private static TimeStampToken Parse(byte[] bytes)
    {
        try
        {
            return new TimeStampToken(new CmsSignedData(bytes));
        }
        catch (Exception e) when (e is CmsException or TspException or IOException or ArgumentException or InvalidCastException)
        {
            return new TimeStampResponse(bytes).TimeStampToken ?? throw new TspException("The time-stamp response holds no token.");
        }
    }

    private static bool ImprintMatches(string oid, byte[] digest, byte[] data)
    {
        HashAlgorithmName? algorithm = oid switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
        return algorithm is { } a && CryptographicOperations.FixedTimeEquals(CryptographicOperations.HashData(a, data), digest);
    }

    private static string CommonName(string distinguishedName) =>
        distinguishedName.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("CN=", StringComparison.Ordinal))?[3..] ?? distinguishedName;
}
