namespace Orchestrator.Provenance.Jumbf;

/// <summary>
/// A JUMBF box (ISO 19566-5). A superbox ('jumb') has a description and children; any other box has content.
/// Every box keeps the stored bytes: hashed URIs are checked against <see cref="Payload"/> of assertion superboxes.
/// </summary>
public sealed class JumbfBox
{
    private readonly Dictionary<string, JumbfBox> _childrenByLabel;

    internal JumbfBox(string type, ReadOnlyMemory<byte> raw, int headerLength, JumbfDescription? description, IReadOnlyList<JumbfBox> children)
    {
        Type = type;
        Raw = raw;
        HeaderLength = headerLength;
        Description = description;
        Children = children;
        // Indexed once: a claim can reference tens of thousands of assertions, each resolved by label several times.
        _childrenByLabel = new Dictionary<string, JumbfBox>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (child.Label is { } label)
            {
                _childrenByLabel.TryAdd(label, child); // the first box with a label is the one a URI names
            }
        }
    }

    /// <summary>The four-character box type ('jumb', 'cbor', 'json', 'bidb', ...).</summary>
    public string Type { get; }

    /// <summary>The whole box, header included.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public int HeaderLength { get; }

    /// <summary>The box without its own header: for a superbox, the description box and the children.</summary>
    public ReadOnlyMemory<byte> Payload => Raw[HeaderLength..];

    public JumbfDescription? Description { get; }

    /// <summary>Children of a superbox, after its description box.</summary>
    public IReadOnlyList<JumbfBox> Children { get; }

    public bool IsSuperBox => Description is not null;

    public string? Label => Description?.Label;

    public JumbfBox? Child(string label) => _childrenByLabel.GetValueOrDefault(label);

    /// <summary>The first non-superbox child: the content of an assertion, claim or signature superbox.</summary>
    public JumbfBox? ContentBox => Children.FirstOrDefault(c => !c.IsSuperBox);
}

/// <summary>A JUMBF description box ('jumd'): content type, toggles, label, id, signature and private (salt) box.</summary>
public sealed record JumbfDescription(Guid ContentType, byte Toggles, string? Label, uint? Id, ReadOnlyMemory<byte>? Salt)
{
    /// <summary>The four ASCII characters that start a C2PA content type UUID ("c2pa", "c2ma", "c2as", "c2cl", "c2cs", "cbor", ...).</summary>
    public string ContentTypeCode
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            ContentType.TryWriteBytes(bytes, bigEndian: true, out _);
            return System.Text.Encoding.Latin1.GetString(bytes[..4]);
        }
    }
}
