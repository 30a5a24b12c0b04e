using System.Security.Cryptography.X509Certificates;
using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance;

/// <summary>How the validator decides trust and bounds its work.</summary>
public sealed record ProvenanceOptions
{
    /// <summary>Roots (or pinned signer certificates) whose claim signatures count as trusted. Empty: every signer is untrusted.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Roots of the time-stamp authorities whose time-stamps count as trusted.</summary>
    public IReadOnlyList<X509Certificate2> TimestampAnchors { get; init; } = [];

    /// <summary>
    /// The instant certificate validity is checked at when a claim signature has no verified time-stamp. Null: the
    /// injected <see cref="TimeProvider"/>'s current time. A verified time-stamp's time always takes precedence.
    /// </summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>The largest manifest store read into memory (the media itself is always streamed).</summary>
    public long MaxManifestStoreBytes { get; init; } = 64L * 1024 * 1024;

    public CborLimits CborLimits { get; init; } = CborLimits.Default;

    public static ProvenanceOptions Default { get; } = new();

    /// <summary>Loads every certificate from PEM files (a file may hold several), e.g. the C2PA trust list.</summary>
    public static IReadOnlyList<X509Certificate2> LoadPemCertificates(IEnumerable<string> pemPaths)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var path in pemPaths)
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            if (collection.Count == 0)
            {
                throw new ArgumentException($"No certificate in {path}.", nameof(pemPaths));
            }
            certificates.AddRange(collection);
        }
        return certificates;
    }
}
