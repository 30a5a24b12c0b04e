using Orchestrator.Provenance.Jumbf;

namespace Orchestrator.Provenance.Manifests;

/// <summary>One manifest of the store: its JUMBF superbox, claim box(es), assertion store and signature box.</summary>
public sealed class Manifest
{
    public const string AssertionStoreLabel = "c2pa.assertions";
    public const string SignatureLabel = "c2pa.signature";

    internal Manifest(JumbfBox box)
    {
        Box = box;
        Label = box.Label ?? "";
        ClaimBoxes = box.Children.Where(c => c.Label is Claim.V1Label or Claim.V2Label).ToList();
        AssertionStore = box.Child(AssertionStoreLabel);
        SignatureBox = box.Child(SignatureLabel);
    }

    public string Label { get; }

    public JumbfBox Box { get; }

    public IReadOnlyList<JumbfBox> ClaimBoxes { get; }

    public JumbfBox? AssertionStore { get; }

    public JumbfBox? SignatureBox { get; }

    /// <summary>The absolute JUMBF URI of a box in this manifest, as status codes report it.</summary>
    public string UriOf(string relativePath) => $"self#jumbf=/c2pa/{Label}/{relativePath}";
}
