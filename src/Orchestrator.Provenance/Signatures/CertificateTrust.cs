using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Provenance.Signatures;

/// <summary>
/// Finds the certification path from a certificate to one of the configured anchors. The path is built at the given
/// instant but not failed for time alone: callers check each certificate's validity with <see cref="ValidAt"/> and
/// report it under its own status code. Revocation is not checked (no network on the validation path).
/// </summary>
public static class CertificateTrust
{
    /// <summary>
    /// The path, <paramref name="leaf"/> first and the anchor last, or null when it chains to no anchor. Every certificate
    /// in it is a new instance the caller owns and disposes, the leaf included.
    /// </summary>
    public static IReadOnlyList<X509Certificate2>? PathToAnchor(
        X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, IReadOnlyCollection<X509Certificate2> anchors, DateTimeOffset at)
    {
        if (anchors.Count == 0)
        {
            return null;
        }
        if (anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)))
        {
            return [X509CertificateLoader.LoadCertificate(leaf.RawDataMemory.Span)]; // the signer itself is pinned
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
        // Each element's certificate is a new instance (never the leaf, an intermediate or an anchor passed in) that
        // outlives the chain and is not disposed with it: handing them out makes them the caller's.
        return chain.ChainElements.Select(e => e.Certificate).ToList();
    }

    /// <summary>Loads DER certificates in order; if one cannot be read, those already loaded are disposed before it throws.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A certificate cannot be read.</exception>
    internal static List<X509Certificate2> LoadAll(IEnumerable<byte[]> derCertificates)
    {
        var loaded = new List<X509Certificate2>();
        try
        {
            foreach (var der in derCertificates)
            {
                loaded.Add(X509CertificateLoader.LoadCertificate(der));
            }
            return loaded;
        }
        catch
        {
            DisposeAll(loaded);
            throw;
        }
    }

    internal static void DisposeAll(IEnumerable<X509Certificate2>? certificates)
    {
        foreach (var certificate in certificates ?? [])
        {
            certificate.Dispose();
        }
    }

    /// <summary>Whether <paramref name="at"/> falls inside the certificate's validity period.</summary>
    public static bool ValidAt(X509Certificate2 certificate, DateTimeOffset at) =>
        at >= certificate.NotBefore.ToUniversalTime() && at <= certificate.NotAfter.ToUniversalTime();
}
