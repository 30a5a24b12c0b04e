using Orchestrator.Provenance.Manifests;
using static Orchestrator.Provenance.Tests.TestFiles;
using C = Orchestrator.Provenance.Validation.ValidationStatusCodes;

namespace Orchestrator.Provenance.Tests;

/// <summary>Copies of valid fixtures with one byte changed in the media, the claim, an assertion or the signature each fail with the right code.</summary>
public sealed class TamperingTests
{
    [Fact]
    public async Task A_flipped_byte_in_the_mp4_media_data_breaks_the_bmff_hash_only()
    {
        var file = Read(Shared("video1.mp4"));
        var mdat = LastIndexOf(file, "mdat");

        var report = await ValidateAsync(Flip(file, mdat + 300_000));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertOnlyFailure(report, C.BmffHashMismatch, C.SigningCredentialUntrusted);
        AssertHas(report, C.ClaimSignatureValidated);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_jpeg_image_data_breaks_the_data_hash()
    {
        var file = Read(Shared("C.jpg"));

        var report = await ValidateAsync(Flip(file, file.Length - 100));

        AssertOnlyFailure(report, C.DataHashMismatch, C.SigningCredentialUntrusted);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_v3_bmff_media_of_a_trusted_file_makes_it_invalid()
    {
        var file = Read(Generated("v2_es256_ai.mp4"));
        var mdat = LastIndexOf(file, "mdat");

        var report = await ValidateAsync(Flip(file, mdat + 50), TrustingTestRoot);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertOnlyFailure(report, C.BmffHashMismatch);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_claim_breaks_the_signature()
    {
        var file = Read(Shared("video1.mp4"));

        var report = await ValidateAsync(Flip(file, LastIndexOf(file, "TestApp c2patool/0.6.2") + 2));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertHas(report, C.ClaimSignatureMismatch);
        Assert.DoesNotContain(report.Statuses, s => s.Code == C.ClaimSignatureValidated);
    }

    [Fact]
    public async Task A_flipped_byte_in_an_assertion_breaks_its_hashed_uri()
    {
        var file = Read(Shared("video1.mp4"));

        var report = await ValidateAsync(Flip(file, LastIndexOf(file, "whatever I want") + 3));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        var mismatch = Assert.Single(report.Statuses, s => s.Code == C.HashedUriMismatch);
        Assert.EndsWith("c2pa.assertions/my.assertion", mismatch.Url);
        AssertHas(report, C.ClaimSignatureValidated);
        AssertHas(report, C.BmffHashMatch);
    }

    [Theory]
    [InlineData("v2_es256_ai.mp4", false, "c2pa.actions.v2")]
    [InlineData("video1.mp4", true, "c2pa.ingredient")]
    public async Task A_referenced_assertion_whose_cbor_does_not_decode_is_a_failure(string name, bool shared, string labelRoot)
    {
        var file = Read(shared ? Shared(name) : Generated(name));
        var active = ManifestStore.Parse(StoreBytes(file)).Active!;
        var assertion = active.AssertionStore!.Children.First(a => AssertionContent.LabelRoot(a.Label!) == labelRoot);
        file[FileOffset(file, assertion.ContentBox!.Payload)] = 0xFF; // a break code outside an indefinite-length item

        var report = await ValidateAsync(file, TrustingTestRoot);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        var status = Assert.Single(report.Statuses, s => s.Code == C.AssertionCborInvalid);
        Assert.EndsWith($"c2pa.assertions/{assertion.Label}", status.Url);
    }

    [Fact]
    public async Task A_claim_whose_cbor_does_not_decode_is_claim_cbor_invalid()
    {
        var file = Read(Generated("v2_es256_ai.mp4"));
        var claim = ManifestStore.Parse(StoreBytes(file)).Active!.ClaimBoxes[0];
        file[FileOffset(file, claim.ContentBox!.Payload)] = 0xFF;

        var report = await ValidateAsync(file, TrustingTestRoot);

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertOnlyFailure(report, C.ClaimCborInvalid);
    }

    [Theory]
    [InlineData("video1.mp4", true)]
    [InlineData("v2_ed25519_edited.mp4", false)]
    public async Task A_flipped_byte_in_the_signature_breaks_it(string name, bool shared)
    {
        var file = Read(shared ? Shared(name) : Generated(name));

        var report = await ValidateAsync(Flip(file, LastSignatureByteOffset(file)));

        Assert.Equal(ProvenanceState.Invalid, report.State);
        AssertHas(report, C.ClaimSignatureMismatch);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_ingredient_manifest_breaks_the_ingredient_link()
    {
        var file = Read(Shared("video1.mp4"));
        // The first "whatever I want" is in the ingredient's own manifest, which the active manifest hashes.
        var first = file.AsSpan().IndexOf("whatever I want"u8);

        var report = await ValidateAsync(Flip(file, first + 3));

        var ingredient = Assert.Single(report.Ingredients);
        Assert.Contains(ingredient.Statuses, s => s.Code == C.IngredientHashedUriMismatch);
        Assert.Contains(ingredient.Statuses, s => s.Code == C.HashedUriMismatch);
    }

    [Fact]
    public async Task A_flipped_byte_in_a_dash_fragment_fails_its_merkle_proof()
    {
        var fragment = Read(Shared("dash1.m4s"));
        await using var init = File.OpenRead(Shared("dashinit.mp4"));

        var report = await new C2paValidator(Pinned).ValidateFragmentedAsync(init, [new MemoryStream(Flip(fragment, fragment.Length - 500))]);

        AssertOnlyFailure(report, C.BmffHashMismatch, C.SigningCredentialUntrusted);
        Assert.Contains("fragment 0 is not proven", report.Statuses.Single(s => s.Code == C.BmffHashMismatch).Explanation);
    }

    [Fact]
    public async Task A_fragment_without_a_merkle_proof_fails()
    {
        await using var init = File.OpenRead(Shared("dashinit.mp4"));
        await using var notAFragment = File.OpenRead(Shared("dashinit.mp4"));

        var report = await new C2paValidator(Pinned).ValidateFragmentedAsync(init, [notAFragment]);

        Assert.Contains("carries no merkle proof", report.Statuses.Single(s => s.Code == C.BmffHashMismatch).Explanation);
    }

    [Fact]
    public async Task The_store_fingerprint_tells_a_stored_copy_from_a_stripped_or_altered_one()
    {
        var original = await ValidateFileAsync(Shared("video1.mp4"));
        var sameBytes = await ValidateAsync(Read(Shared("video1.mp4")));
        var stripped = await ValidateFileAsync(Shared("video1_no_manifest.mp4"));
        var other = await ValidateFileAsync(Shared("legacy.mp4"));
        var file = Read(Shared("video1.mp4"));
        var alteredManifest = await ValidateAsync(Flip(file, LastIndexOf(file, "whatever I want")));

        Assert.Equal(ManifestComparison.Same, sameBytes.CompareWithOriginal(original));
        Assert.Equal(ManifestComparison.Stripped, stripped.CompareWithOriginal(original));
        Assert.Equal(ManifestComparison.Added, original.CompareWithOriginal(stripped));
        Assert.Equal(ManifestComparison.Different, other.CompareWithOriginal(original));
        Assert.Equal(ManifestComparison.Different, alteredManifest.CompareWithOriginal(original));
        Assert.Equal(ManifestComparison.BothAbsent, stripped.CompareWithOriginal(stripped));
        Assert.Equal(64, original.ManifestStoreSha256!.Length);
    }
}
