using System.Globalization;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Provenance;
using Orchestrator.Storage;
using Orchestrator.Storage.Blobs;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>The finished attempt whose clip to store; <paramref name="JobStartedAt"/> (orchestration time) names the blob's year and month.</summary>
public sealed record StoreVideoInput(
    JobRunId Run,
    string Team,
    JobEnvironment Environment,
    int Attempt,
    string Route,
    VendorJobRef Job,
    DateTime JobStartedAt,
    string? KeyId);

/// <summary>The stored clip, or why the vendor's download could not be stored.</summary>
public sealed record StoreVideoResult(StoredVideo? Video, DownloadProblem? Problem = null, string? Message = null);

/// <summary>
/// Streams the vendor's MP4 (verified as it is read: length and signature) through a self-deleting temporary file into
/// Blob storage at "{team}/{yyyy}/{MM}/{instance id}~{run id}.mp4" in the environment's container (a later attempt's
/// clip adds "-a{attempt}"), with content type and metadata, and reads the download's C2PA manifest so the stored copy can
/// be compared with it. The upload never replaces a stored clip, so a redelivery keeps the first copy and only reads the
/// vendor's download again; the name carries the run, so a job started again under a purged instance id stores its own
/// clip beside the old run's, and the attempt, so a clip refused for its provenance stays beside the next attempt's.
/// </summary>
public sealed class StoreVideo(VendorClients vendors, WorkflowStorage storage, C2paValidator validator)
    : TaskActivity<StoreVideoInput, StoreVideoResult>
{
    public const string ContentType = "video/mp4";

    public override async Task<StoreVideoResult> RunAsync(TaskActivityContext context, StoreVideoInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = await storage.VideosAsync(input.Environment, CancellationToken.None).ConfigureAwait(false);
        var blobName = BlobName(input.Team, input.JobStartedAt, input.Run, input.Attempt);
        var stored = await PropertiesAsync(container, blobName).ConfigureAwait(false);
        SpooledCopy copy;
        try
        {
            await using var download = await vendors.For(input.Job.Contract).DownloadAsync(input.Job, CancellationToken.None).ConfigureAwait(false);
            copy = await SpooledCopy.CreateAsync(download.Content, CancellationToken.None).ConfigureAwait(false);
        }
        catch (VendorDownloadException exception)
        {
            return stored is null
                ? new StoreVideoResult(null, exception.Problem, exception.Message)
                : new StoreVideoResult(Describe(container, blobName, stored, input.Attempt, original: null));
        }
        await using (copy)
        {
            var original = await ReadProvenanceAsync(validator, copy.File).ConfigureAwait(false);
            if (stored is null)
            {
                copy.File.Position = 0;
                await UploadAsync(container, blobName, copy, input).ConfigureAwait(false);
                stored = await PropertiesAsync(container, blobName).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{blobName} was uploaded but cannot be read back.");
            }
            return new StoreVideoResult(Describe(container, blobName, stored, input.Attempt, original));
        }
    }

    public static string BlobName(string team, DateTime jobStartedAt, JobRunId run, int attempt)
    {
        ArgumentNullException.ThrowIfNull(run);
        var suffix = attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $"-a{attempt}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{team}/{jobStartedAt:yyyy}/{jobStartedAt:MM}/{run.Key}{suffix}.mp4");
    }

    /// <summary>The C2PA report of a seekable copy; content that is not a supported container reads as an invalid manifest.</summary>
    internal static async Task<ProvenanceReport> ReadProvenanceAsync(C2paValidator validator, Stream content)
    {
        content.Position = 0;
        try
        {
            return await validator.ValidateAsync(content, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NotSupportedException exception)
        {
            return new ProvenanceReport { State = ProvenanceState.Invalid, Error = exception.Message };
        }
    }

    private static async Task UploadAsync(IBlobContainer container, string blobName, SpooledCopy copy, StoreVideoInput input)
    {
        var job = input.Job;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["team"] = input.Team,
            ["environment"] = WireNames.Of(input.Environment),
            ["instanceId"] = input.Run.InstanceId,
            ["runId"] = input.Run.RunId,
            ["attempt"] = input.Attempt.ToString(CultureInfo.InvariantCulture),
            ["route"] = input.Route,
            ["vendor"] = job.Vendor,
            ["model"] = job.Model,
            ["vendorJobId"] = job.VendorJobId,
            ["submissionKey"] = job.SubmissionKey,
            ["sha256"] = copy.Sha256,
        };
        if (input.KeyId is not null)
        {
            metadata["keyId"] = input.KeyId;
        }
        try
        {
            await container.UploadAsync(blobName, copy.File, new BlobUploadOptions
            {
                ContentType = ContentType,
                Metadata = metadata.ToDictionary(pair => pair.Key, pair => Ascii(pair.Value), StringComparer.Ordinal),
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageRequestFailedException exception) when (exception.IsConflict)
        {
            // Another delivery finished the upload first; its copy stands.
        }
    }

    private static async Task<BlobProperties?> PropertiesAsync(IBlobContainer container, string blobName)
    {
        try
        {
            return (await container.GetPropertiesAsync(blobName, CancellationToken.None).ConfigureAwait(false)).Value;
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    private static StoredVideo Describe(IBlobContainer container, string blobName, BlobProperties properties, int attempt, ProvenanceReport? original) => new()
    {
        Container = container.Name,
        BlobName = blobName,
        Bytes = properties.ContentLength,
        ContentType = properties.ContentType ?? ContentType,
        Sha256 = properties.Metadata.GetValueOrDefault("sha256") ?? string.Empty,
        Attempt = attempt,
        OriginalState = original?.State,
        OriginalManifestSha256 = original?.ManifestStoreSha256,
    };

    /// <summary>Metadata values must be ASCII: anything else is percent-escaped.</summary>
    private static string Ascii(string value) => value.All(char.IsAscii) ? value : Uri.EscapeDataString(value);
}
