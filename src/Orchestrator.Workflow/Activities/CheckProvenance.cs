using Orchestrator.Provenance;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>The stored clip and whether its route's vendor signs its output.</summary>
public sealed record ProvenanceCheckInput(StoredVideo Video, bool C2paExpected);

/// <summary>
/// Validates the C2PA manifest of the clip as stored in Blob storage (read back, not the copy in hand) and compares its
/// manifest store with the one in the vendor's download: the same bytes prove the manifest was kept.
/// </summary>
public sealed class CheckProvenance(WorkflowStorage storage, C2paValidator validator) : TaskActivity<ProvenanceCheckInput, ProvenanceSummary>
{
    public override async Task<ProvenanceSummary> RunAsync(TaskActivityContext context, ProvenanceCheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var video = input.Video;
        var container = await storage.ContainerAsync(video.Container, CancellationToken.None).ConfigureAwait(false);
        ProvenanceReport report;
        bool bytesMatch;
        await using (var blob = (await container.DownloadStreamingAsync(video.BlobName, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Value)
        await using (var copy = await SpooledCopy.CreateAsync(blob.Content, CancellationToken.None).ConfigureAwait(false))
        {
            report = await StoreVideo.ReadProvenanceAsync(validator, copy.File).ConfigureAwait(false);
            bytesMatch = copy.Sha256 == video.Sha256;
        }
        var original = video.OriginalState is { } state ? new ProvenanceReport { State = state, ManifestStoreSha256 = video.OriginalManifestSha256 } : null;
        return new ProvenanceSummary
        {
            State = report.State,
            Expected = input.C2paExpected,
            AiGeneratedDeclared = report.AiGeneratedDeclared,
            ClaimGenerator = report.ClaimGenerator,
            Signer = report.Signer?.CommonName ?? report.Signer?.Organization,
            SigningTime = report.SigningTime,
            ManifestStoreSha256 = report.ManifestStoreSha256,
            FailureCodes = [.. report.FailureCodes],
            Comparison = original is null ? null : report.CompareWithOriginal(original),
            StoredBytesMatch = bytesMatch,
        };
    }
}
