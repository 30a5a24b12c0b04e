using System.Security.Cryptography;
using Orchestrator.Provenance.Containers;
using Orchestrator.Provenance.Manifests;
using Orchestrator.Provenance.Validation;

namespace Orchestrator.Provenance;

/// <summary>
/// Reads and validates the C2PA manifest of an MP4/MOV/M4A or JPEG file: locates the store without loading the media,
/// checks the active manifest's claim, hashed URIs, hard binding to the file, signature, certificate and trust, checks
/// ingredient manifests, and reports what the manifest declares. Bad or hostile input yields an Invalid report with
/// a reason, never an exception, except for a file that is not a supported format at all.
/// </summary>
public sealed class C2paValidator
{
    private readonly ProvenanceOptions _options;
    private readonly TimeProvider _timeProvider;

    public C2paValidator(ProvenanceOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? ProvenanceOptions.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <exception cref="NotSupportedException">The file is neither ISO-BMFF nor JPEG.</exception>
    public async Task<ProvenanceReport> ValidateFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        return await ValidateAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates a readable, seekable stream (a file, or a downloaded blob).</summary>
    /// <exception cref="NotSupportedException">The content is neither ISO-BMFF nor JPEG.</exception>
    public Task<ProvenanceReport> ValidateAsync(Stream asset, CancellationToken cancellationToken = default) =>
        ValidateAsync(asset, [], cancellationToken);

    /// <summary>
    /// Validates a fragmented MP4 kept as separate files: the init segment (which carries the manifest) and its media
    /// fragments (each carrying a merkle proof). The hard binding passes only when every fragment is proven.
    /// </summary>
    /// <exception cref="NotSupportedException">The init segment is not ISO-BMFF.</exception>
    public Task<ProvenanceReport> ValidateFragmentedAsync(Stream initSegment, IReadOnlyList<Stream> fragments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        return fragments.Count == 0 ? throw new ArgumentException("At least one fragment is needed.", nameof(fragments)) : ValidateAsync(initSegment, fragments, cancellationToken);
    }

    private async Task<ProvenanceReport> ValidateAsync(Stream asset, IReadOnlyList<Stream> fragments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var now = _options.ValidationTime ?? _timeProvider.GetUtcNow();
        LocatedAsset located;
        try
        {
            located = await ManifestLocator.LocateAsync(asset, _options.MaxManifestStoreBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (C2paFormatException e)
        {
            return Unreadable(null, null, e.Message);
        }
        var container = located.Format.ToString().ToLowerInvariant();
        if (located.ManifestStore is not { } storeBytes)
        {
            return new ProvenanceReport { State = ProvenanceState.Absent, Container = container };
        }
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(storeBytes));
        ManifestStore store;
        try
        {
            store = ManifestStore.Parse(storeBytes);
        }
        catch (C2paFormatException e)
        {
            return Unreadable(container, fingerprint, e.Message) with { ManifestStoreLength = storeBytes.Length };
        }
        if (store.Active is not { } active)
        {
            return Unreadable(container, fingerprint, "the manifest store holds no manifest") with { ManifestStoreLength = storeBytes.Length };
        }

        var outcomes = new Dictionary<Manifest, ManifestOutcome>();
        ManifestOutcome Validate(Manifest manifest)
        {
            if (!outcomes.TryGetValue(manifest, out var outcome))
            {
                outcome = ManifestValidation.Check(manifest, store, _options, now, new StatusLog());
                outcomes[manifest] = outcome;
            }
            return outcome;
        }

        var log = new StatusLog();
        var activeOutcome = ManifestValidation.Check(active, store, _options, now, log);
        outcomes[active] = activeOutcome;
        IReadOnlyList<IngredientRecord> ingredients = [];
        IReadOnlyList<ActionRecord> actions = [];
        if (activeOutcome.Claim is { } claim)
        {
            await HardBindingValidation.CheckAsync(asset, located, fragments, store, activeOutcome, _options, log, cancellationToken).ConfigureAwait(false);
            ingredients = IngredientValidation.Check(activeOutcome, store, _options, Validate);
            actions = ManifestDeclarations.Actions(active, store, claim, _options);
        }
        var trusted = log.Statuses.Any(s => s.Code == ValidationStatusCodes.SigningCredentialTrusted);
        var sourceTypes = actions.Select(a => a.DigitalSourceType).OfType<string>().Distinct().ToList();
        var signature = activeOutcome.Signature;
        return new ProvenanceReport
        {
            State = log.HasFailure ? ProvenanceState.Invalid : trusted ? ProvenanceState.Trusted : ProvenanceState.Valid,
            Container = container,
            ActiveManifest = active.Label,
            ClaimVersion = activeOutcome.Claim?.Version,
            ManifestStoreSha256 = fingerprint,
            ManifestStoreLength = storeBytes.Length,
            Statuses = log.Statuses,
            AiGeneratedDeclared = sourceTypes.Any(ManifestDeclarations.IsGenerative),
            DigitalSourceTypes = sourceTypes,
            ClaimGenerator = activeOutcome.Claim?.ClaimGenerator,
            Title = activeOutcome.Claim?.Title,
            Actions = actions,
            Signer = signature?.Signer,
            CertificateChain = signature?.Chain ?? [],
            SigningTime = signature?.TimeStamp?.Time,
            TimestampAuthority = signature?.TimeStamp?.Authority,
            CertificateCheckedAt = signature?.CheckedAt,
            CertificateCheckedAgainst = signature?.CheckedAgainst,
            Ingredients = ingredients,
        };
    }

    private static ProvenanceReport Unreadable(string? container, string? fingerprint, string reason) => new()
    {
        State = ProvenanceState.Invalid,
        Container = container,
        ManifestStoreSha256 = fingerprint,
        Statuses = [new ValidationStatus(ValidationStatusCodes.GeneralError, null, reason)],
        Error = reason,
    };
}
