using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Orchestrator.Provenance.Validation;

namespace Orchestrator.Provenance;

/// <summary>The verdict on a file's C2PA provenance, following the specification's validation states.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProvenanceState>))]
public enum ProvenanceState
{
    /// <summary>No C2PA manifest store in the file.</summary>
    Absent,

    /// <summary>A manifest is there but it, its signature or its binding to this file failed validation.</summary>
    Invalid,

    /// <summary>Well-formed, cryptographically valid and bound to this file; the signer is not on the trust list.</summary>
    Valid,

    /// <summary>Valid and signed by a certificate that chains to a configured trust anchor.</summary>
    Trusted,
}

/// <summary>How a stored copy's manifest compares with the one in the vendor's download.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ManifestComparison>))]
public enum ManifestComparison
{
    /// <summary>Both carry the identical manifest store bytes.</summary>
    Same,

    /// <summary>Both carry a manifest store, but not the same bytes.</summary>
    Different,

    /// <summary>The original had a manifest and the copy has none: it was stripped.</summary>
    Stripped,

    /// <summary>The copy has a manifest the original did not.</summary>
    Added,

    /// <summary>Neither has a manifest.</summary>
    BothAbsent,
}

/// <summary>
/// What the workflow stores per job about a clip's provenance: presence and validity with the C2PA status codes,
/// what the manifest declares (AI generation, actions, generator), who signed it and when, whether the signer is
/// trusted, and a fingerprint of the manifest store to prove later that a stored copy still carries it.
/// </summary>
public sealed record ProvenanceReport
{
    public required ProvenanceState State { get; init; }

    public bool ManifestPresent => State != ProvenanceState.Absent;

    public bool IsValid => State is ProvenanceState.Valid or ProvenanceState.Trusted;

    public bool IsTrusted => State == ProvenanceState.Trusted;

    /// <summary>"bmff" or "jpeg".</summary>
    public string? Container { get; init; }

    public string? ActiveManifest { get; init; }

    /// <summary>1 for c2pa.claim, 2 for c2pa.claim.v2.</summary>
    public int? ClaimVersion { get; init; }

    /// <summary>Lowercase hex SHA-256 of the manifest store bytes (the JUMBF), null when absent.</summary>
    public string? ManifestStoreSha256 { get; init; }

    public long? ManifestStoreLength { get; init; }

    /// <summary>The active manifest's statuses: successes, informational and failures, in the order checked.</summary>
    public IReadOnlyList<ValidationStatus> Statuses { get; init; } = [];

    [JsonIgnore]
    public IEnumerable<string> FailureCodes => Statuses.Where(s => s.Kind == ValidationStatusKind.Failure).Select(s => s.Code).Distinct();

    /// <summary>True when an action declares a trained-algorithm (generative AI) digital source type.</summary>
    public bool AiGeneratedDeclared { get; init; }

    public IReadOnlyList<string> DigitalSourceTypes { get; init; } = [];

    public string? ClaimGenerator { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<ActionRecord> Actions { get; init; } = [];

    public SignerRecord? Signer { get; init; }

    /// <summary>
    /// The signer's certificate chain, signer first: the path to the trust anchor (included) when it chains to one,
    /// otherwise the x5chain as the signature carries it.
    /// </summary>
    public IReadOnlyList<CertificateRecord> CertificateChain { get; init; } = [];

    /// <summary>When the claim was signed, from a verified RFC 3161 time-stamp; null when it has none.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public string? TimestampAuthority { get; init; }

    /// <summary>The instant certificate validity was checked at, and where it came from ("trusted timestamp" or "validation time").</summary>
    public DateTimeOffset? CertificateCheckedAt { get; init; }

    public string? CertificateCheckedAgainst { get; init; }

    public IReadOnlyList<IngredientRecord> Ingredients { get; init; } = [];

    /// <summary>Why the store could not be read at all, when that is the reason for <see cref="ProvenanceState.Invalid"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Compares this stored copy with the vendor's download: the same store bytes means the manifest was kept.</summary>
    public ManifestComparison CompareWithOriginal(ProvenanceReport original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return (original.ManifestStoreSha256, ManifestStoreSha256) switch
        {
            (null, null) => ManifestComparison.BothAbsent,
            (not null, null) => ManifestComparison.Stripped,
            (null, not null) => ManifestComparison.Added,
            var (a, b) => CryptographicOperations.FixedTimeEquals(Convert.FromHexString(a), Convert.FromHexString(b)) ? ManifestComparison.Same : ManifestComparison.Different,
        };
    }
}

/// <summary>One action of the active manifest's c2pa.actions assertion.</summary>
public sealed record ActionRecord(string Action, string? DigitalSourceType, string? SoftwareAgent, string? When, string? Description);

/// <summary>The claim signer's certificate, as the report shows it.</summary>
public sealed record SignerRecord(
    string Subject,
    string Issuer,
    string? CommonName,
    string? Organization,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string? Algorithm);

[JsonConverter(typeof(JsonStringEnumConverter<CertificateRole>))]
public enum CertificateRole
{
    Signer,
    Intermediate,
    TrustAnchor,
}

/// <summary>One certificate of the signer's chain, as the report shows it.</summary>
public sealed record CertificateRecord(CertificateRole Role, string Subject, string Issuer, string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

/// <summary>An ingredient of the active manifest and, when it has provenance, how its own manifest validated.</summary>
public sealed record IngredientRecord(string? Title, string? Relationship, string? Manifest, IReadOnlyList<ValidationStatus> Statuses);
