using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Provenance.Manifests;
using Orchestrator.Provenance.Signatures;
using Orchestrator.Testing;
using static Orchestrator.Provenance.Tests.TestFiles;
using C = Orchestrator.Provenance.Validation.ValidationStatusCodes;

namespace Orchestrator.Provenance.Tests;

/// <summary>Trust comes from configured anchors (untrusted is a status, not an error); validity is checked at an injected time.</summary>
public sealed class TrustAndTimeTests
{
    private const string Fixture = "v2_es256_ai.mp4";

    [Fact]
    public async Task The_injected_time_provider_decides_expiry_when_there_is_no_timestamp()
    {
        var later = await new C2paValidator(TrustingTestRoot with { ValidationTime = null }, new ManualTimeProvider(new(2127, 1, 1, 0, 0, 0, TimeSpan.Zero)))
            .ValidateFileAsync(Generated(Fixture));

        Assert.Equal(ProvenanceState.Invalid, later.State);
        AssertOnlyFailure(later, C.SigningCredentialExpired);
        Assert.Equal(new DateTimeOffset(2127, 1, 1, 0, 0, 0, TimeSpan.Zero), later.CertificateCheckedAt);
        Assert.Equal("validation time", later.CertificateCheckedAgainst);
    }

    [Fact]
    public async Task Before_the_certificate_is_valid_the_signature_is_outside_validity()
    {
        var report = await ValidateFileAsync(Generated(Fixture), TrustingTestRoot with { ValidationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        AssertOnlyFailure(report, C.ClaimSignatureOutsideValidity);
    }

    [Fact]
    public async Task An_explicit_validation_time_wins_over_the_time_provider()
    {
        var report = await new C2paValidator(TrustingTestRoot, new ManualTimeProvider(new(2127, 1, 1, 0, 0, 0, TimeSpan.Zero))).ValidateFileAsync(Generated(Fixture));

        Assert.Equal(ProvenanceState.Trusted, report.State);
        Assert.Equal(PinnedTime, report.CertificateCheckedAt);
    }

    [Fact]
    public async Task A_pinned_signer_certificate_is_trusted()
    {
        var signer = SignerChain(Generated(Fixture))[0];

        var report = await ValidateFileAsync(Generated(Fixture), Pinned with { TrustAnchors = [signer] });

        Assert.Equal(ProvenanceState.Trusted, report.State);
    }

    [Fact]
    public async Task A_root_from_a_pem_file_is_trusted_and_an_unrelated_root_is_not()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var unrelated = new CertificateRequest("CN=Unrelated Root", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));

        var trusted = await ValidateFileAsync(Generated(Fixture), TrustingTestRoot);
        var untrusted = await ValidateFileAsync(Generated(Fixture), Pinned with { TrustAnchors = [unrelated] });

        Assert.Equal(ProvenanceState.Trusted, trusted.State);
        Assert.Equal(ProvenanceState.Valid, untrusted.State);
        AssertOnlyFailure(untrusted, C.SigningCredentialUntrusted);
    }

    [Fact]
    public async Task The_report_lists_the_chain_to_the_anchor_or_as_carried_when_untrusted()
    {
        var trusted = await ValidateFileAsync(Generated(Fixture), TrustingTestRoot);
        var untrusted = await ValidateFileAsync(Generated(Fixture), Pinned);

        Assert.Equal([CertificateRole.Signer, CertificateRole.Intermediate, CertificateRole.TrustAnchor], trusted.CertificateChain.Select(c => c.Role));
        Assert.Contains("Orchestrator Test Root CA", trusted.CertificateChain[2].Subject);
        Assert.Equal(trusted.CertificateChain[1].Issuer, trusted.CertificateChain[2].Subject);
        Assert.Equal(trusted.Signer!.NotAfter, trusted.CertificateChain[0].NotAfter);
        Assert.Equal([CertificateRole.Signer, CertificateRole.Intermediate], untrusted.CertificateChain.Select(c => c.Role));
        Assert.Equal(trusted.CertificateChain[1], untrusted.CertificateChain[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_issuer_expired_at_the_validation_time_makes_a_trusted_chain_invalid(bool intermediateExpired)
    {
        (DateTimeOffset, DateTimeOffset) expired = (PinnedTime.AddYears(-3), PinnedTime.AddDays(-1));
        using var signer = TestSigner.Create(CoseAlgorithms.ES256, PinnedTime, root: intermediateExpired ? null : expired, intermediate: intermediateExpired ? expired : null);

        var report = await ValidateAsync(signer.Resign(Read(Generated(Fixture))), Pinned with { TrustAnchors = [signer.Root] });

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertOnlyFailure(report, C.SigningCredentialExpired);
        var expiredSubject = (intermediateExpired ? signer.Intermediate : signer.Root).Subject;
        Assert.Contains(expiredSubject, report.Statuses.Single(s => s.Code == C.SigningCredentialExpired).Explanation);
        Assert.Equal(PinnedTime.AddDays(-1), report.CertificateChain.Single(c => c.Subject == expiredSubject).NotAfter);
    }

    [Fact]
    public void Loading_anchors_from_a_missing_or_empty_pem_file_fails_clearly()
    {
        using var empty = new TempFile("not a certificate"u8.ToArray(), ".pem");

        Assert.ThrowsAny<IOException>(() => ProvenanceOptions.LoadPemCertificates(["/nonexistent/anchors.pem"]));
        Assert.Throws<ArgumentException>(() => ProvenanceOptions.LoadPemCertificates([empty.Path]));
    }

    [Fact]
    public void The_signer_profile_rejects_ca_certificates_and_wrong_key_usage()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ca = new CertificateRequest("CN=A CA", key, HashAlgorithmName.SHA256);
        ca.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var serverAuth = new CertificateRequest("CN=A server", key, HashAlgorithmName.SHA256);
        serverAuth.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;

        Assert.Contains("CA", SignerCertificateProfile.Problem(ca.CreateSelfSigned(now, now.AddDays(1))));
        Assert.Contains("extended key usage", SignerCertificateProfile.Problem(serverAuth.CreateSelfSigned(now, now.AddDays(1))));
        Assert.Null(SignerCertificateProfile.Problem(SignerChain(Generated(Fixture))[0]));
    }

    private static List<X509Certificate2> SignerChain(string path)
    {
        var store = ManifestStore.Parse(StoreBytes(Read(path)));
        return CoseSign1.Decode(store.Active!.SignatureBox!.ContentBox!.Payload).CertificateChain.Select(X509CertificateLoader.LoadCertificate).ToList();
    }
}
