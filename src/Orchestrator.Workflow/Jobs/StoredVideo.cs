using Orchestrator.Provenance;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// The stored clip: its container (one per environment) and blob name ("team/yyyy/MM/{instance}~{run}.mp4"), size, type and
/// hashes, and the provenance of the vendor's download as received, to compare the stored copy with.
/// </summary>
public sealed record StoredVideo
{
    public required string Container { get; init; }

    public required string BlobName { get; init; }

    public required long Bytes { get; init; }

    public required string ContentType { get; init; }

    /// <summary>Lowercase hex SHA-256 of the bytes as downloaded from the vendor.</summary>
    public required string Sha256 { get; init; }

    public int Attempt { get; init; }

    /// <summary>The C2PA verdict on the vendor's download; null when it could not be read again (a redelivery after its URL expired).</summary>
    public ProvenanceState? OriginalState { get; init; }

    /// <summary>The fingerprint of the download's manifest store; null when it had none (or was not read).</summary>
    public string? OriginalManifestSha256 { get; init; }

    public bool OriginalRead => OriginalState is not null;
}

/// <summary>
/// What the job records about the stored clip's provenance: the verdict with its failure codes, what the manifest
/// declares, who signed it, and whether the stored copy kept the vendor's manifest (we never strip one).
/// </summary>
public sealed record ProvenanceSummary
{
    public required ProvenanceState State { get; init; }

    public bool ManifestPresent => State != ProvenanceState.Absent;

    /// <summary>Whether the route's vendor is known to sign its output.</summary>
    public bool Expected { get; init; }

    public bool AiGeneratedDeclared { get; init; }

    public string? ClaimGenerator { get; init; }

    /// <summary>The signer's common name or organization.</summary>
    public string? Signer { get; init; }

    public DateTimeOffset? SigningTime { get; init; }

    public string? ManifestStoreSha256 { get; init; }

    public IReadOnlyList<string> FailureCodes { get; init; } = [];

    /// <summary>The stored copy against the vendor's download; null when the download could not be read.</summary>
    public ManifestComparison? Comparison { get; init; }

    /// <summary>Whether the blob, read back, has the SHA-256 of the vendor's download.</summary>
    public bool StoredBytesMatch { get; init; }

    /// <summary>True when the stored copy lost or changed the vendor's manifest or bytes: a defect, never accepted.</summary>
    public bool StoredCopyDiffers => Comparison is ManifestComparison.Stripped or ManifestComparison.Different || !StoredBytesMatch;
}
