using Orchestrator.Provenance.Jumbf;

namespace Orchestrator.Provenance.Manifests;

/// <summary>The C2PA manifest store: a 'c2pa' superbox of manifests, the active one last.</summary>
public sealed class ManifestStore
{
    private const string StoreTypeCode = "c2pa";
    private const string SelfPrefix = "self#jumbf=";

    private readonly Dictionary<string, Manifest> _byLabel = new(StringComparer.Ordinal);

    private ManifestStore(JumbfBox box, IReadOnlyList<Manifest> manifests)
    {
        Box = box;
        Manifests = manifests;
        foreach (var manifest in manifests)
        {
            _byLabel.TryAdd(manifest.Label, manifest);
        }
    }

    public JumbfBox Box { get; }

    public IReadOnlyList<Manifest> Manifests { get; }

    /// <summary>The active manifest: the last one in the store.</summary>
    public Manifest? Active => Manifests.Count > 0 ? Manifests[^1] : null;

    public static ManifestStore Parse(ReadOnlyMemory<byte> bytes)
    {
        var box = JumbfReader.ReadSuperBox(bytes);
        if (box.Description!.ContentTypeCode != StoreTypeCode)
        {
            throw new C2paFormatException("JUMBF: the outer superbox is not a C2PA manifest store.");
        }
        var manifests = box.Children.Where(c => c.IsSuperBox && c.Description!.ContentTypeCode is "c2ma" or "c2um").Select(c => new Manifest(c)).ToList();
        return new ManifestStore(box, manifests);
    }

    /// <summary>The first manifest with <paramref name="label"/>, without a scan: ingredients and URIs name manifests often.</summary>
    public Manifest? Find(string label) => _byLabel.GetValueOrDefault(label);

    /// <summary>The manifest whose superbox is <paramref name="box"/>, or null when it is no manifest of this store.</summary>
    public Manifest? Of(JumbfBox? box) => box?.Label is { } label && Find(label) is { } manifest && manifest.Box == box ? manifest : null;

    /// <summary>A JUMBF URI made absolute ("self#jumbf=/c2pa/{manifest}/...") as status codes report it.</summary>
    public static string Absolute(string url, Manifest from)
    {
        if (!url.StartsWith(SelfPrefix, StringComparison.Ordinal))
        {
            return url;
        }
        var path = url[SelfPrefix.Length..];
        return path.StartsWith('/') ? url
            : path.StartsWith(StoreTypeCode + "/", StringComparison.Ordinal) ? SelfPrefix + "/" + path
            : from.UriOf(path);
    }

    /// <summary>
    /// Resolves a JUMBF URI: absolute ("self#jumbf=/c2pa/{manifest}/...") from the store, relative ("self#jumbf=c2pa.assertions/x")
    /// from <paramref name="from"/>. Returns null when nothing has that path.
    /// </summary>
    public JumbfBox? Resolve(string url, Manifest from)
    {
        if (!url.StartsWith(SelfPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var path = url[SelfPrefix.Length..];
        var fragment = path.IndexOfAny(['?', '#']);
        if (fragment >= 0)
        {
            path = path[..fragment];
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        JumbfBox? box;
        if (path.StartsWith('/') || parts.FirstOrDefault() == StoreTypeCode && parts.Length > 1 && Find(parts[1]) is not null)
        {
            // absolute, or written without the leading slash ("c2pa/{manifest}/...")
            if (parts.Length < 2 || parts[0] != StoreTypeCode)
            {
                return null;
            }
            box = Find(parts[1])?.Box;
            parts = parts[2..];
        }
        else
        {
            box = from.Box;
        }
        foreach (var part in parts)
        {
            box = box?.Child(part);
        }
        return box;
    }

    /// <summary>The assertion boxes with one of <paramref name="labelRoots"/> (any instance) that the claim references.</summary>
    public IEnumerable<JumbfBox> ReferencedAssertions(Manifest manifest, Claim claim, params string[] labelRoots) =>
        claim.Assertions
            .Select(uri => Resolve(uri.Url, manifest))
            .OfType<JumbfBox>()
            .Where(box => box.Label is { } label && labelRoots.Contains(AssertionContent.LabelRoot(label)))
            .Distinct();
}
