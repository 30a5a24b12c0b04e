using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Provenance.Signatures;

/// <summary>The C2PA requirements on a claim signer's certificate that can be checked without a trust list.</summary>
public static class SignerCertificateProfile
{
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    // id-kp-emailProtection, id-kp-documentSigning, id-kp-timeStamping, id-kp-OCSPSigning, C2PA claim signing, Microsoft C2PA signing
    private static readonly HashSet<string> AllowedUsages =
        ["1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9", "1.3.6.1.4.1.62558.2.1", "1.3.6.1.4.1.311.76.59.1.9"];

    /// <summary>Null when the certificate may sign claims, otherwise the reason it may not.</summary>
    public static string? Problem(X509Certificate2 signer)
    {
        if (signer.Version < 3)
        {
            return "the signer certificate is not X.509 v3";
        }
        foreach (var extension in signer.Extensions)
        {
            switch (extension)
            {
                case X509BasicConstraintsExtension { CertificateAuthority: true }:
                    return "the signer certificate is a CA certificate";
                case X509KeyUsageExtension usage when (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0:
                    return "the signer certificate's key usage lacks digitalSignature";
                case X509EnhancedKeyUsageExtension eku:
                    var oids = eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
                    if (oids.Contains(AnyExtendedKeyUsage) || !oids.Any(o => o is not null && AllowedUsages.Contains(o)))
                    {
                        return "the signer certificate's extended key usage does not allow content signing";
                    }
                    break;
            }
        }
        return null;
    }
}
