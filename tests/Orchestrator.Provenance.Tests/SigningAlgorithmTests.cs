using Orchestrator.Provenance.Signatures;
using static Orchestrator.Provenance.Tests.TestFiles;
using C = Orchestrator.Provenance.Validation.ValidationStatusCodes;

namespace Orchestrator.Provenance.Tests;

/// <summary>
/// The COSE algorithms no fixture is signed with (ES512, PS384, PS512): a fixture's claim signed again in the test with
/// keys made here verifies through the validator, and a flipped signature byte fails it.
/// </summary>
public sealed class SigningAlgorithmTests
{
    private static readonly byte[] Fixture = Read(Generated("v2_es256_ai.mp4"));

    [Theory]
    [InlineData(CoseAlgorithms.ES512, "ES512")]
    [InlineData(CoseAlgorithms.PS384, "PS384")]
    [InlineData(CoseAlgorithms.PS512, "PS512")]
    public async Task A_claim_signed_with_the_algorithm_is_trusted_and_a_flipped_signature_byte_breaks_it(long algorithm, string name)
    {
        using var signer = TestSigner.Create(algorithm, PinnedTime);
        var resigned = signer.Resign(Fixture);
        var options = Pinned with { TrustAnchors = [signer.Root] };

        var report = await ValidateAsync(resigned, options);
        var tampered = await ValidateAsync(Flip(resigned, LastSignatureByteOffset(resigned)), options);

        Assert.Equal(ProvenanceState.Trusted, report.State);
        Assert.Equal(name, report.Signer!.Algorithm);
        Assert.Equal($"Resigning Test Signer {name}", report.Signer.CommonName);
        AssertHas(report, C.ClaimSignatureValidated);
        Assert.Equal(ProvenanceState.Invalid, tampered.State);
        AssertOnlyFailure(tampered, C.ClaimSignatureMismatch);
    }
}
