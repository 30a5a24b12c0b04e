using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Provenance.Signatures;

/// <summary>
/// Decides whether a certificate chains to one of the configured anchors. Validity periods are reported on their own
/// (signingCredential.expired), so the chain is built at the given instant but not failed for time alone; revocation
/// is not checked (no network on the validation path).
/// </summary>
public static class CertificateTrust
{
    public static bool Chains(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, IReadOnlyCollection<X509Certificate2> anchors, DateTimeOffset at)
    {
        if (anchors.Count == 0)
        {
            return false;
        }
        if (anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)))
        {
            return true; // the signer itself is pinned
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf);
    }
}
