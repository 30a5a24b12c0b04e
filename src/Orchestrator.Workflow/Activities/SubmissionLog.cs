using System.Globalization;
using System.Text.Json;
using Azure;
using Orchestrator.Storage;
using Orchestrator.Storage.Tables;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>
/// The intent log of vendor submits (Table storage): one row per attempt of a job run (partition: the instance id; row:
/// "{run id}|a{attempt:00}"), written before the vendor is called and updated with its answer, so a redelivered or
/// crashed submit can tell "already answered" from "may have reached the vendor"; and an index from (vendor, vendor job
/// id) to the run and attempt, for webhooks that carry only the vendor's id. A job started again under a purged
/// instance id is a new run: it never finds the old run's rows.
/// </summary>
public sealed class SubmissionLog(WorkflowStorage storage)
{
    private const string IndexPartitionPrefix = "vendor|";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TypedTableClient<SubmissionRecord> records = new(storage.Submissions);
    private readonly TypedTableClient<VendorJobIndex> index = new(storage.Submissions);

    public async Task<SubmissionRecord?> GetAsync(JobRunId run, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await storage.EnsureTableAsync(storage.Submissions, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await records.GetAsync(run.InstanceId, SubmissionRecord.RowKeyOf(run.RunId, attempt), cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Records the intent; false (and nothing written) when another delivery of the same attempt recorded one first.</summary>
    public async Task<bool> TryRecordIntentAsync(SubmissionRecord intent, CancellationToken cancellationToken)
    {
        await storage.EnsureTableAsync(storage.Submissions, cancellationToken).ConfigureAwait(false);
        try
        {
            await records.AddAsync(intent, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestFailedException exception) when (exception.IsConflict)
        {
            return false;
        }
    }

    /// <summary>Replaces the record only if nobody changed it since it was read; false when someone did.</summary>
    public async Task<bool> TryUpdateAsync(SubmissionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await records.UpdateAsync(record, record.ETag, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestFailedException exception) when (exception.IsPreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>
    /// Closes an ended job run's attempt to submits: no record yet, or an intent whose vendor call has not begun (no submit
    /// counted), becomes <see cref="SubmissionState.Abandoned"/>, so a submit still in flight for the dead job finds it and
    /// never calls the vendor. Any other record (answered, or a call under way) is returned as it stands.
    /// </summary>
    public async Task<SubmissionRecord> CloseAsync(JobRunId run, int attempt, string note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await GetAsync(run, attempt, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                var fence = new SubmissionRecord
                {
                    InstanceId = run.InstanceId,
                    RunId = run.RunId,
                    Attempt = attempt,
                    SubmissionKey = run.SubmissionKey(attempt),
                    Route = string.Empty,
                    Vendor = string.Empty,
                    State = SubmissionState.Abandoned,
                    IntentAt = at,
                    Note = note,
                    UpdatedAt = at,
                };
                if (await TryRecordIntentAsync(fence, cancellationToken).ConfigureAwait(false))
                {
                    return fence;
                }
                continue;
            }
            if (record is not { State: SubmissionState.Intent, Submits: 0 })
            {
                return record;
            }
            var abandoned = record with { State = SubmissionState.Abandoned, Note = note, UpdatedAt = at };
            if (await TryUpdateAsync(abandoned, cancellationToken).ConfigureAwait(false))
            {
                return abandoned;
            }
        }
    }

    /// <summary>Records that the attempt created <paramref name="job"/>: the attempt's row and the vendor-id index.</summary>
    public async Task RecordAcceptedAsync(JobRunId run, int attempt, VendorJobRef job, string note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(job);
        await index.UpsertAsync(new VendorJobIndex
        {
            Vendor = job.Vendor,
            VendorJobId = job.VendorJobId,
            InstanceId = run.InstanceId,
            RunId = run.RunId,
            Attempt = attempt,
            SubmissionKey = job.SubmissionKey,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var current = await GetAsync(run, attempt, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            await records.UpsertAsync(current with
            {
                State = SubmissionState.Accepted,
                VendorJobId = job.VendorJobId,
                Job = JsonSerializer.Serialize(job, Json),
                Note = note,
                UpdatedAt = at,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run and attempt that created a vendor job, for a webhook that names only the vendor's id.</summary>
    public async Task<(JobRunId Run, int Attempt)?> FindByVendorJobAsync(string vendor, string vendorJobId, CancellationToken cancellationToken)
    {
        await storage.EnsureTableAsync(storage.Submissions, cancellationToken).ConfigureAwait(false);
        try
        {
            var found = (await index.GetAsync(IndexPartition(vendor), VendorJobIndex.RowKeyOf(vendorJobId), cancellationToken).ConfigureAwait(false)).Value;
            return (new JobRunId(found.InstanceId, found.RunId), found.Attempt);
        }
        catch (StorageRequestFailedException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    public static VendorJobRef? JobOf(SubmissionRecord record) =>
        record.Job is null ? null : JsonSerializer.Deserialize<VendorJobRef>(record.Job, Json);

    public static VendorFailure? FailureOf(SubmissionRecord record) =>
        record.Failure is null ? null : JsonSerializer.Deserialize<VendorFailure>(record.Failure, Json);

    public static string? Serialize(VendorFailure? failure) => failure is null ? null : JsonSerializer.Serialize(failure, Json);

    internal static string IndexPartition(string vendor) => IndexPartitionPrefix + vendor;

    /// <summary>One attempt's submit: intent, answer, how many times the vendor was called, and the vendor job when known.</summary>
    public sealed record SubmissionRecord
    {
        public string PartitionKey => InstanceId;

        public string RowKey => RowKeyOf(RunId, Attempt);

        public ETag ETag { get; init; }

        public required string InstanceId { get; init; }

        public required string RunId { get; init; }

        public required int Attempt { get; init; }

        public required string SubmissionKey { get; init; }

        public required string Route { get; init; }

        public required string Vendor { get; init; }

        public required SubmissionState State { get; init; }

        /// <summary>When the intent was recorded: lookups of an uncertain submit search from here.</summary>
        public required DateTimeOffset IntentAt { get; init; }

        /// <summary>Vendor submit calls made for this attempt.</summary>
        public int Submits { get; init; }

        public string? VendorJobId { get; init; }

        /// <summary>The vendor job (<see cref="VendorJobRef"/>) as JSON.</summary>
        public string? Job { get; init; }

        /// <summary>The vendor's refusal (<see cref="VendorFailure"/>) as JSON.</summary>
        public string? Failure { get; init; }

        public string? Note { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public static string RowKeyOf(string runId, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{runId}|a{attempt:00}");
    }

    /// <summary>(vendor, vendor job id) to the run and attempt that created it.</summary>
    public sealed record VendorJobIndex
    {
        public string PartitionKey => IndexPartition(Vendor);

        public string RowKey => RowKeyOf(VendorJobId);

        public required string Vendor { get; init; }

        public required string VendorJobId { get; init; }

        public required string InstanceId { get; init; }

        public required string RunId { get; init; }

        public required int Attempt { get; init; }

        public required string SubmissionKey { get; init; }

        /// <summary>Vendor ids made safe for a row key ('/', '\', '#', '?' are not allowed there).</summary>
        public static string RowKeyOf(string vendorJobId) => Uri.EscapeDataString(vendorJobId);
    }
}

/// <summary>Where an attempt's submit stands in the intent log.</summary>
public enum SubmissionState
{
    /// <summary>Intent recorded; the vendor may or may not have been reached.</summary>
    Intent,
    Accepted,
    Rejected,

    /// <summary>Certainly not at the vendor: submitting again is safe.</summary>
    NotSubmitted,

    /// <summary>The vendor was called and the answer was lost: reconcile before anything else.</summary>
    Uncertain,

    /// <summary>The job ended before this attempt reached the vendor: it is never submitted (a late submit finds this and stops).</summary>
    Abandoned,
}
