using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Provenance.Manifests;
using Orchestrator.Provenance.Signatures;

namespace Orchestrator.Provenance.Tests;

/// <summary>
/// Signs a fixture's claim again with keys and certificates made in the test: a root, an intermediate and a signer for
/// the chosen COSE algorithm, each with the validity the test asks for. The new COSE_Sign1 replaces the old one in
/// place, padded (unprotected "pad", as C2PA signers reserve room) to the old one's exact length, so no box moves.
/// </summary>
internal sealed class TestSigner(long algorithm, AsymmetricAlgorithm key, X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 signer)
    : IDisposable
{
    public long Algorithm => algorithm;

    public X509Certificate2 Root => root;

    public X509Certificate2 Intermediate => intermediate;

    public X509Certificate2 Signer => signer;

    /// <summary>A chain valid for a year either side of <paramref name="at"/>, unless a validity is given.</summary>
    public static TestSigner Create(long algorithm, DateTimeOffset at, (DateTimeOffset From, DateTimeOffset To)? root = null, (DateTimeOffset From, DateTimeOffset To)? intermediate = null)
    {
        var year = (at.AddYears(-1), at.AddYears(1));
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = CaRequest("CN=Resigning Test Root", rootKey);
        var (rootFrom, rootTo) = root ?? year;
        var rootCertificate = rootRequest.CreateSelfSigned(rootFrom, rootTo);
        var intermediateRequest = CaRequest("CN=Resigning Test Intermediate", intermediateKey);
        var intermediateCertificate = Issue(intermediateRequest, rootCertificate, rootKey, intermediate ?? year);

        AsymmetricAlgorithm key = algorithm switch
        {
            CoseAlgorithms.ES256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            CoseAlgorithms.ES384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            CoseAlgorithms.ES512 => ECDsa.Create(ECCurve.NamedCurves.nistP521),
            _ => RSA.Create(2048),
        };
        var name = $"CN=Resigning Test Signer {CoseAlgorithms.Name(algorithm)}, O=Orchestrator Tests";
        var signerRequest = key is ECDsa ec
            ? new CertificateRequest(name, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(name, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        signerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
        var signer = Issue(signerRequest, intermediateCertificate, intermediateKey, year);
        return new TestSigner(algorithm, key, rootCertificate, intermediateCertificate, signer);
    }

    public void Dispose() => key.Dispose();

    /// <summary>A copy of an MP4 <paramref name="file"/> whose active claim is signed by this signer (x5chain: signer, intermediate).</summary>
    public byte[] Resign(byte[] file)
    {
        var active = ManifestStore.Parse(TestFiles.StoreBytes(file)).Active!;
        var claim = active.ClaimBoxes[0].ContentBox!.Payload;
        var old = active.SignatureBox!.ContentBox!.Payload;
        var protectedHeader = TestCbor.Map(
            (TestCbor.Int(1), TestCbor.Int(Algorithm)),
            (TestCbor.Int(33), TestCbor.Array(TestCbor.Bytes(Signer.RawData), TestCbor.Bytes(Intermediate.RawData))));
        var toBeSigned = TestCbor.Array(TestCbor.Text("Signature1"), TestCbor.Bytes(protectedHeader), TestCbor.Bytes([]), TestCbor.Bytes(claim.ToArray()));
        var signature = Sign(toBeSigned);

        byte[] Cose(int pad) => TestCbor.Array(
            TestCbor.Bytes(protectedHeader), TestCbor.Map((TestCbor.Text("pad"), TestCbor.Bytes(new byte[pad]))), TestCbor.Null, TestCbor.Bytes(signature));
        var pad = old.Length - Cose(0).Length;
        while (pad >= 0 && Cose(pad).Length > old.Length)
        {
            pad--; // the pad's own length header grows with it
        }
        var cose = Cose(pad);
        Assert.Equal(old.Length, cose.Length);

        var copy = (byte[])file.Clone();
        cose.CopyTo(copy, TestFiles.FileOffset(file, old));
        return copy;
    }

    private byte[] Sign(byte[] data) => key switch
    {
        ECDsa ec => ec.SignData(data, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        RSA rsa => rsa.SignData(data, Hash, RSASignaturePadding.Pss),
        _ => throw new NotSupportedException(),
    };

    private HashAlgorithmName Hash => Algorithm switch
    {
        CoseAlgorithms.ES256 or CoseAlgorithms.PS256 => HashAlgorithmName.SHA256,
        CoseAlgorithms.ES384 or CoseAlgorithms.PS384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static CertificateRequest CaRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    // Signed through a generator, not CertificateRequest.Create(issuerCertificate, ...): that one refuses a validity
    // outside the issuer's, and the tests need exactly that (a signer outliving its expired intermediate).
    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa issuerKey, (DateTimeOffset From, DateTimeOffset To) validity)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), validity.From, validity.To, [0x01, .. RandomNumberGenerator.GetBytes(8)]);
    }
}
