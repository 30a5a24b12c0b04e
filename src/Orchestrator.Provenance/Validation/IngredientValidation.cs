using System.Security.Cryptography;
using Orchestrator.Provenance.Hashing;
using Orchestrator.Provenance.Manifests;

namespace Orchestrator.Provenance.Validation;

/// <summary>
/// Checks the ingredients of the active manifest: each ingredient assertion's hashed URI to the ingredient's own
/// manifest in the store (c2pa_manifest in v1/v2, activeManifest in v3), and reports that manifest's own statuses.
/// </summary>
internal static class IngredientValidation
{
    private static readonly string[] IngredientLabels = ["c2pa.ingredient", "c2pa.ingredient.v2", "c2pa.ingredient.v3"];

    public static IReadOnlyList<IngredientRecord> Check(
        ManifestOutcome active, ManifestStore store, ProvenanceOptions options, Func<Manifest, ManifestOutcome> validate)
    {
        var records = new List<IngredientRecord>();
        foreach (var box in store.ReferencedAssertions(active.Manifest, active.Claim!, IngredientLabels))
        {
            var assertionUrl = active.Manifest.UriOf($"{Manifest.AssertionStoreLabel}/{box.Label}");
            Cbor.CborValue? ingredient;
            try
            {
                ingredient = AssertionContent.Cbor(box, options.CborLimits);
            }
            catch (C2paFormatException)
            {
                continue; // the manifest check reported assertion.cbor.invalid
            }
            if (ingredient is null)
            {
                continue;
            }
            var title = ingredient["dc:title"]?.AsText() ?? ingredient["title"]?.AsText();
            var relationship = ingredient["relationship"]?.AsText();
            var reference = HashedUri.From(ingredient["activeManifest"] ?? ingredient["c2pa_manifest"]);
            var log = new StatusLog();
            if (reference is null)
            {
                log.Add(ValidationStatusCodes.IngredientUnknownProvenance, assertionUrl, $"{title}: ingredient does not have provenance");
                records.Add(new IngredientRecord(title, relationship, null, log.Statuses));
                continue;
            }
            var target = store.Resolve(reference.Url, active.Manifest);
            var manifest = store.Of(target);
            var matches = target is not null
                && HashAlgorithms.TryResolve(reference.Algorithm ?? active.Claim!.Algorithm, out var algorithm)
                && CryptographicOperations.HashData(algorithm, target.Payload.Span).AsSpan().SequenceEqual(reference.Hash.Span);
            log.Add(
                matches ? ValidationStatusCodes.IngredientManifestValidated : ValidationStatusCodes.IngredientHashedUriMismatch,
                ManifestStore.Absolute(reference.Url, active.Manifest),
                matches ? "ingredient hash matched" : "the ingredient's manifest is missing or does not match its hash");
            if (manifest is not null && manifest != active.Manifest)
            {
                log.AddRange(validate(manifest).Statuses);
            }
            records.Add(new IngredientRecord(title, relationship, manifest?.Label, log.Statuses));
        }
        return records;
    }
}
