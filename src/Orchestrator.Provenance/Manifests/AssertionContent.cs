using System.Text.RegularExpressions;
using Orchestrator.Provenance.Cbor;
using Orchestrator.Provenance.Jumbf;

namespace Orchestrator.Provenance.Manifests;

/// <summary>Reads what an assertion superbox holds, and names assertions without their instance suffix.</summary>
public static partial class AssertionContent
{
    /// <summary>"c2pa.actions.v2__1" → "c2pa.actions.v2": several instances of one assertion differ only by "__n".</summary>
    public static string LabelRoot(string label) => InstanceSuffix().Replace(label, "");

    /// <summary>The decoded CBOR of an assertion whose content box is 'cbor'; null for JSON or binary assertions.</summary>
    /// <exception cref="C2paFormatException">The CBOR is malformed or breaks a limit.</exception>
    public static CborValue? Cbor(JumbfBox assertion, CborLimits limits) =>
        assertion.ContentBox is { Type: "cbor" } content ? CborReader.Decode(content.Payload, limits) : null;

    [GeneratedRegex("__\\d+$")]
    private static partial Regex InstanceSuffix();
}
