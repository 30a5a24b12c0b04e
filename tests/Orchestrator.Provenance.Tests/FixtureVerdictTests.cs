using System.Security.Cryptography.X509Certificates;
using Orchestrator.Provenance.Manifests;
using Orchestrator.Provenance.Signatures;
using static Orchestrator.Provenance.Tests.TestFiles;
using C = Orchestrator.Provenance.Validation.ValidationStatusCodes;

namespace Orchestrator.Provenance.Tests;

/// <summary>Every fixture, real (tests/fixtures/c2pa) and generated, with the verdict its README says a correct validator reports.</summary>
public sealed class FixtureVerdictTests
{
    [Fact]
    public async Task Video1_is_valid_with_a_v2_bmff_hash_es256_and_an_untrusted_signer()
    {
        var report = await ValidateFileAsync(Shared("video1.mp4"));

        Assert.Equal(ProvenanceState.Valid, report.State);
        Assert.Equal("bmff", report.Container);
        Assert.Equal(1, report.ClaimVersion);
        Assert.Equal("urn:uuid:8da8ffb6-3de4-430a-8924-5b58b561e647", report.ActiveManifest);
        AssertHas(report, C.BmffHashMatch);
        AssertHas(report, C.ClaimSignatureValidated);
        AssertHas(report, C.TimeStampValidated);
        AssertOnlyFailure(report, C.SigningCredentialUntrusted);
        Assert.Equal("ES256", report.Signer!.Algorithm);
        Assert.Equal("C2PA Signer", report.Signer.CommonName);
        Assert.Contains("c2pa.hash.bmff.v2", report.Statuses.Single(s => s.Code == C.BmffHashMatch).Url);
        Assert.Equal("TestApp c2patool/0.6.2 c2pa-rs/0.28.2", report.ClaimGenerator);
        Assert.Equal(new DateTimeOffset(2023, 12, 2, 16, 34, 19, TimeSpan.Zero), report.SigningTime);
        Assert.Equal("DigiCert Timestamp 2023", report.TimestampAuthority);
        Assert.Equal(["c2pa.opened"], report.Actions.Select(a => a.Action));
        Assert.False(report.AiGeneratedDeclared);
    }

    [Fact]
    public async Task Video1_reports_its_ingredient_manifest_whose_signer_has_expired()
    {
        var report = await ValidateFileAsync(Shared("video1.mp4"));

        var ingredient = Assert.Single(report.Ingredients);
        Assert.Equal("video1.mp4", ingredient.Title);
        Assert.Equal("parentOf", ingredient.Relationship);
        Assert.Equal("urn:uuid:54281c07-ad34-430e-bea5-112a18facf0b", ingredient.Manifest);
        Assert.Contains(ingredient.Statuses, s => s.Code == C.IngredientManifestValidated);
        Assert.Contains(ingredient.Statuses, s => s.Code == C.ClaimSignatureValidated);
        Assert.Contains(ingredient.Statuses, s => s.Code == C.SigningCredentialExpired);
    }

    [Fact]
    public async Task Legacy_has_a_matching_v1_bmff_hash_and_ps256_but_its_signer_expired()
    {
        var report = await ValidateFileAsync(Shared("legacy.mp4"));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        Assert.Contains("/c2pa.hash.bmff", report.Statuses.Single(s => s.Code == C.BmffHashMatch).Url);
        Assert.Equal("PS256", report.Signer!.Algorithm);
        AssertHas(report, C.ClaimSignatureValidated);
        // Its time-stamp verifies but its TSA is not a configured anchor, so the certificate is checked at the validation time.
        AssertHas(report, C.TimeStampUntrusted);
        Assert.Equal("validation time", report.CertificateCheckedAgainst);
        AssertOnlyFailure(report, C.SigningCredentialExpired, C.SigningCredentialUntrusted);
    }

    [Fact]
    public async Task Legacy_is_inside_validity_when_its_tsa_is_trusted()
    {
        var report = await ValidateFileAsync(Shared("legacy.mp4"), Pinned with { TimestampAnchors = LegacyTimestampCertificates() });

        AssertHas(report, C.TimeStampTrusted);
        Assert.Equal("trusted timestamp", report.CertificateCheckedAgainst);
        Assert.Equal(new DateTimeOffset(2023, 2, 21, 15, 9, 4, TimeSpan.Zero), report.CertificateCheckedAt);
        AssertHas(report, C.ClaimSignatureInsideValidity);
        AssertOnlyFailure(report, C.SigningCredentialUntrusted);
    }

    [Theory]
    [InlineData("video1_no_manifest.mp4", "bmff")]
    [InlineData("no_manifest.jpg", "jpeg")]
    public async Task Files_without_a_manifest_are_absent(string name, string container)
    {
        var report = await ValidateFileAsync(Shared(name));

        Assert.Equal(ProvenanceState.Absent, report.State);
        Assert.False(report.ManifestPresent);
        Assert.Equal(container, report.Container);
        Assert.Null(report.ManifestStoreSha256);
        Assert.Empty(report.Statuses);
    }

    [Fact]
    public async Task Dash_init_segment_alone_cannot_validate_its_merkle_hash()
    {
        var report = await ValidateFileAsync(Shared("dashinit.mp4"));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertHas(report, C.ClaimSignatureValidated);
        AssertHas(report, C.HashedUriMatch);
        AssertOnlyFailure(report, C.BmffHashMismatch, C.SigningCredentialUntrusted);
    }

    [Fact]
    public async Task Dash_init_segment_with_its_fragment_proves_the_merkle_hash()
    {
        await using var init = File.OpenRead(Shared("dashinit.mp4"));
        await using var fragment = File.OpenRead(Shared("dash1.m4s"));

        var report = await new C2paValidator(Pinned).ValidateFragmentedAsync(init, [fragment]);

        Assert.Equal(ProvenanceState.Valid, report.State);
        AssertHas(report, C.BmffHashMatch);
        AssertOnlyFailure(report, C.SigningCredentialUntrusted);
    }

    [Fact]
    public async Task Dash_media_segment_alone_has_no_manifest()
    {
        var report = await ValidateFileAsync(Shared("dash1.m4s"));

        Assert.Equal(ProvenanceState.Absent, report.State);
    }

    [Theory]
    [InlineData("C.jpg", 4)]
    [InlineData("CA.jpg", 6)]
    public async Task Jpeg_manifests_in_app11_segments_are_valid(string name, int hashedUris)
    {
        var report = await ValidateFileAsync(Shared(name));

        Assert.Equal(ProvenanceState.Valid, report.State);
        Assert.Equal("jpeg", report.Container);
        AssertHas(report, C.DataHashMatch);
        Assert.Equal(hashedUris, report.Statuses.Count(s => s.Code == C.HashedUriMatch));
        AssertOnlyFailure(report, C.SigningCredentialUntrusted);
    }

    [Fact]
    public async Task CA_jpg_has_an_ingredient_without_provenance()
    {
        var report = await ValidateFileAsync(Shared("CA.jpg"));

        var ingredient = Assert.Single(report.Ingredients);
        Assert.Equal("A.jpg", ingredient.Title);
        Assert.Null(ingredient.Manifest);
        Assert.Equal(C.IngredientUnknownProvenance, Assert.Single(ingredient.Statuses).Code);
    }

    [Theory]
    [InlineData("v2_es256_ai.mp4", "ES256", "bmff", C.BmffHashMatch, true)]
    [InlineData("v2_ed25519_edited.mp4", "Ed25519", "bmff", C.BmffHashMatch, false)]
    [InlineData("v2_es384_ai.jpg", "ES384", "jpeg", C.DataHashMatch, true)]
    [InlineData("v2_ps256_edited.jpg", "PS256", "jpeg", C.DataHashMatch, false)]
    public async Task Generated_claim_v2_fixtures_are_trusted_when_their_root_is_an_anchor(string name, string algorithm, string container, string binding, bool ai)
    {
        var report = await ValidateFileAsync(Generated(name), TrustingTestRoot);

        Assert.Equal(ProvenanceState.Trusted, report.State);
        Assert.True(report.IsTrusted);
        Assert.Equal(2, report.ClaimVersion);
        Assert.Equal(container, report.Container);
        Assert.Equal(algorithm, report.Signer!.Algorithm);
        Assert.Equal("orchestrator-fixtures/1.0", report.ClaimGenerator);
        AssertHas(report, binding);
        AssertHas(report, C.SigningCredentialTrusted);
        Assert.Empty(Failures(report));
        Assert.Equal(ai, report.AiGeneratedDeclared);
        Assert.Null(report.SigningTime); // signed without a time-stamp authority
    }

    [Fact]
    public async Task Generated_mp4_uses_the_v3_bmff_hash()
    {
        var report = await ValidateFileAsync(Generated("v2_es256_ai.mp4"));

        Assert.EndsWith("c2pa.hash.bmff.v3", report.Statuses.Single(s => s.Code == C.BmffHashMatch).Url);
    }

    [Fact]
    public async Task Ai_fixture_declares_trained_algorithmic_media_and_its_agent()
    {
        var report = await ValidateFileAsync(Generated("v2_es256_ai.mp4"));

        var created = Assert.Single(report.Actions);
        Assert.Equal("c2pa.created", created.Action);
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", created.DigitalSourceType);
        Assert.Equal("Test Video Model", created.SoftwareAgent);
        Assert.Equal("generated from a text prompt", created.Description);
        Assert.Equal([created.DigitalSourceType!], report.DigitalSourceTypes);
        Assert.True(report.AiGeneratedDeclared);
        Assert.Equal("Test Vendor ES256", report.Signer!.CommonName);
        Assert.Equal("Orchestrator Tests", report.Signer.Organization);
    }

    [Fact]
    public async Task Without_anchors_the_generated_fixtures_are_valid_but_untrusted()
    {
        var report = await ValidateFileAsync(Generated("v2_ed25519_edited.mp4"));

        Assert.Equal(ProvenanceState.Valid, report.State);
        Assert.False(report.IsTrusted);
        AssertOnlyFailure(report, C.SigningCredentialUntrusted);
    }

    // The DigiCert TSA certificates inside legacy.mp4's own time-stamp token, used as "configured TSA anchors".
    private static IReadOnlyList<X509Certificate2> LegacyTimestampCertificates()
    {
        var store = ManifestStore.Parse(StoreBytes(Read(Shared("legacy.mp4"))));
        var cose = CoseSign1.Decode(store.Active!.SignatureBox!.ContentBox!.Payload);
        var token = cose.UnprotectedHeader["sigTst"]!["tstTokens"]!.Items[0]["val"]!.AsBytes()!.Value.ToArray();
        // This 2023 signer stored the whole RFC 3161 response, not just the token.
        return new Org.BouncyCastle.Tsp.TimeStampResponse(token).TimeStampToken.GetCertificates("Collection").GetMatches(null)
            .OfType<Org.BouncyCastle.X509.X509Certificate>()
            .Select(c => X509CertificateLoader.LoadCertificate(c.GetEncoded()))
            .ToList();
    }
}
