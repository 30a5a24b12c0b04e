using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Provenance.Signatures;

/// <summary>
/// Finds the certification path from a certificate to one of the configured anchors. The path is built at the given
/// instant but not failed for time alone: callers check each certificate's validity with <see cref="ValidAt"/> and
/// report it under its own status code. Revocation is not checked (no network on the validation path).
/// </summary>
public static class CertificateTrust
{
    /// <summary>The path, <paramref name="leaf"/> first and the anchor last, or null when it chains to no anchor.</summary>
    public static IReadOnlyList<X509Certificate2>? PathToAnchor(
        X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, IReadOnlyCollection<X509Certificate2> anchors, DateTimeOffset at)
    {
        if (anchors.Count == 0)
        {
            return null;
        }
        if (anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)))
        {
            return [leaf]; // the signer itself is pinned
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreNotTimeNested;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(leaf))
        {
            return null;
        }
        // The chain owns its elements' certificates and disposes them with itself: keep copies.
        return chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawDataMemory.Span)).ToList();
    }

    /// <summary>Whether <paramref name="at"/> falls inside the certificate's validity period.</summary>
    public static bool ValidAt(X509Certificate2 certificate, DateTimeOffset at) =>
        at >= certificate.NotBefore.ToUniversalTime() && at <= certificate.NotAfter.ToUniversalTime();
}
