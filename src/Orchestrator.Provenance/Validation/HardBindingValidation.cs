using Orchestrator.Provenance.Containers;
using Orchestrator.Provenance.Hashing;
using Orchestrator.Provenance.Manifests;

namespace Orchestrator.Provenance.Validation;

/// <summary>
/// Checks that the active manifest is bound to this very file: exactly one hard-binding assertion among those the
/// claim references (c2pa.hash.data for JPEG, c2pa.hash.bmff v1/v2/v3 for BMFF), and its hash over the file, or, for
/// an init segment validated with its separate fragments, over the init segment and each fragment.
/// </summary>
internal static class HardBindingValidation
{
    private const string DataHash = "c2pa.hash.data";
    private const string BmffHash = "c2pa.hash.bmff";
    private static readonly string[] BindingLabels = [DataHash, BmffHash, "c2pa.hash.bmff.v2", "c2pa.hash.bmff.v3", "c2pa.hash.boxes", "c2pa.hash.collection.data"];

    public static async Task CheckAsync(
        Stream asset, LocatedAsset located, IReadOnlyList<Stream> fragments, ManifestStore store, ManifestOutcome active, ProvenanceOptions options, StatusLog log, CancellationToken cancellationToken)
    {
        var manifest = active.Manifest;
        var claim = active.Claim!;
        var bindings = store.ReferencedAssertions(manifest, claim, BindingLabels).ToList();
        if (bindings.Count == 0)
        {
            log.Add(ValidationStatusCodes.HardBindingsMissing, manifest.UriOf(manifest.ClaimBoxes[0].Label!), "the claim has no hard binding to the asset");
            return;
        }
        if (bindings.Count > 1)
        {
            log.Add(ValidationStatusCodes.MultipleHardBindings, manifest.UriOf(Manifest.AssertionStoreLabel), $"the claim has {bindings.Count} hard bindings");
            return;
        }
        var binding = bindings[0];
        var label = AssertionContent.LabelRoot(binding.Label!);
        var url = manifest.UriOf($"{Manifest.AssertionStoreLabel}/{binding.Label}");
        var isData = label == DataHash;
        var (match, mismatch, malformed) = isData
            ? (ValidationStatusCodes.DataHashMatch, ValidationStatusCodes.DataHashMismatch, ValidationStatusCodes.DataHashMalformed)
            : (ValidationStatusCodes.BmffHashMatch, ValidationStatusCodes.BmffHashMismatch, ValidationStatusCodes.BmffHashMalformed);
        try
        {
            var assertion = AssertionContent.Cbor(binding, options.CborLimits) ?? throw new C2paFormatException($"{label} is not CBOR.");
            string? problem;
            if (isData)
            {
                problem = await DataHashBinding.MatchesAsync(asset, assertion, claim.Algorithm, cancellationToken).ConfigureAwait(false) ? null : "the data hash does not match";
            }
            else if (label.StartsWith(BmffHash, StringComparison.Ordinal) && located.Layout is { } layout)
            {
                var version = BmffHashBinding.VersionOf(label);
                problem = fragments.Count > 0
                    ? await BmffHashBinding.CheckFragmentsAsync(asset, layout, fragments, assertion, version, claim.Algorithm, cancellationToken).ConfigureAwait(false)
                    : await BmffHashBinding.CheckAsync(asset, layout, assertion, version, claim.Algorithm, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                log.Add(ValidationStatusCodes.AlgorithmUnsupported, url, $"the hard binding {label} is not supported for {located.Format}");
                return;
            }
            var matched = fragments.Count > 0 ? $"{label} matches the init segment and its {fragments.Count} fragment(s)" : $"{label} matches this file";
            log.Add(problem is null ? match : mismatch, url, problem ?? matched);
        }
        catch (NotSupportedException e)
        {
            log.Add(ValidationStatusCodes.AlgorithmUnsupported, url, e.Message);
        }
        catch (C2paFormatException e)
        {
            // An exclusion past the end of the file means the bytes the hash covered are gone: a mismatch, not a crash.
            log.Add(e.Message.Contains("past the end", StringComparison.Ordinal) ? mismatch : malformed, url, e.Message);
        }
    }
}
