using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Orchestrator.Provenance.Signatures;

/// <summary>The COSE signature algorithms C2PA allows, verified with the platform (ECDSA, RSA-PSS) or BouncyCastle (Ed25519).</summary>
public static class CoseAlgorithms
{
    public const long ES256 = -7;
    public const long ES384 = -35;
    public const long ES512 = -36;
    public const long PS256 = -37;
    public const long PS384 = -38;
    public const long PS512 = -39;
    public const long EdDSA = -8;

    private const string Ed25519Oid = "1.3.101.112";

    public static string? Name(long? algorithm) => algorithm switch
    {
        ES256 => "ES256",
        ES384 => "ES384",
        ES512 => "ES512",
        PS256 => "PS256",
        PS384 => "PS384",
        PS512 => "PS512",
        EdDSA => "Ed25519",
        _ => null,
    };

    /// <summary>Checks <paramref name="signature"/> over <paramref name="data"/> with the signer certificate's public key.</summary>
    /// <exception cref="NotSupportedException">The algorithm is not one C2PA allows.</exception>
    /// <exception cref="CryptographicException">The key does not suit the algorithm.</exception>
    public static bool Verify(long algorithm, X509Certificate2 signer, byte[] data, byte[] signature)
    {
        switch (algorithm)
        {
            case ES256 or ES384 or ES512:
                using (var ecdsa = signer.GetECDsaPublicKey() ?? throw new CryptographicException("The signer key is not an EC key."))
                {
                    // COSE carries r||s (IEEE P1363), not DER.
                    return ecdsa.VerifyData(data, signature, HashOf(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
            case PS256 or PS384 or PS512:
                using (var rsa = RsaKey(signer))
                {
                    return rsa.VerifyData(data, signature, HashOf(algorithm), RSASignaturePadding.Pss);
                }
            case EdDSA:
                if (signer.PublicKey.Oid.Value != Ed25519Oid || signer.PublicKey.EncodedKeyValue.RawData.Length != Ed25519PublicKeyParameters.KeySize)
                {
                    throw new CryptographicException("The signer key is not an Ed25519 key.");
                }
                var verifier = new Ed25519Signer();
                verifier.Init(false, new Ed25519PublicKeyParameters(signer.PublicKey.EncodedKeyValue.RawData, 0));
                verifier.BlockUpdate(data, 0, data.Length);
                return verifier.VerifySignature(signature);
            default:
                throw new NotSupportedException($"COSE algorithm {algorithm} is not supported.");
        }
    }

    private static HashAlgorithmName HashOf(long algorithm) => algorithm switch
    {
        ES256 or PS256 => HashAlgorithmName.SHA256,
        ES384 or PS384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    // Keys issued as id-RSASSA-PSS are not handed out by GetRSAPublicKey; the key bits are an RSAPublicKey either way.
    private static RSA RsaKey(X509Certificate2 signer)
    {
        var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(signer.PublicKey.EncodedKeyValue.RawData, out _);
        return rsa;
    }
}
