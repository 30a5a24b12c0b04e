using Orchestrator.Provenance.Cbor;
using Orchestrator.Provenance.Manifests;

namespace Orchestrator.Provenance.Validation;

/// <summary>What the active manifest declares about the content: its actions and digital source types.</summary>
internal static class ManifestDeclarations
{
    private const string IptcPrefix = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    // IPTC digital source types that say a trained model (generative AI) made all or part of the content.
    private static readonly HashSet<string> GenerativeSourceTypes = ["trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"];

    public static IReadOnlyList<ActionRecord> Actions(Manifest manifest, ManifestStore store, Claim claim, ProvenanceOptions options)
    {
        var actions = new List<ActionRecord>();
        foreach (var box in store.ReferencedAssertions(manifest, claim, "c2pa.actions", "c2pa.actions.v2"))
        {
            CborValue? content;
            try
            {
                content = AssertionContent.Cbor(box, options.CborLimits);
            }
            catch (C2paFormatException)
            {
                continue; // declares nothing; the manifest check reported assertion.cbor.invalid
            }
            foreach (var action in content?["actions"]?.Untagged().Items ?? [])
            {
                if (action["action"]?.AsText() is not { } name)
                {
                    continue;
                }
                var agent = action["softwareAgent"];
                actions.Add(new ActionRecord(
                    name,
                    action["digitalSourceType"]?.AsText(),
                    agent?.AsText() ?? agent?["name"]?.AsText(),
                    action["when"]?.AsText(),
                    action["parameters"]?["description"]?.AsText() ?? action["description"]?.AsText()));
            }
        }
        return actions;
    }

    public static bool IsGenerative(string digitalSourceType) =>
        GenerativeSourceTypes.Contains(digitalSourceType.StartsWith(IptcPrefix, StringComparison.Ordinal) ? digitalSourceType[IptcPrefix.Length..] : digitalSourceType);
}
