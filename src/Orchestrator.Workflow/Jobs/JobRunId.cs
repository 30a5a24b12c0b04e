using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// One run of a job: its instance id and the run id its orchestration drew when it started. The instance id comes back
/// when a purged job's idempotency key is sent again; the run id does not, so everything kept per attempt is keyed by
/// the run (the submission key the vendor sees, the intent log's row, the cost row, the budget reservation, the stored
/// clip, the release of holds) and a new run never meets an old run's records. <see cref="Key"/> is
/// "{instance id}~{run id}"; a submission key is "{key}-a{attempt}".
/// </summary>
public sealed record JobRunId(string InstanceId, string RunId)
{
    /// <summary>Lowercase hex digits in a run id: enough that two runs of one instance never share one.</summary>
    public const int RunIdLength = 12;

    /// <summary>Separates the instance id from the run id; never part of a team name or an instance id's hash.</summary>
    public const char RunSeparator = '~';

    private const string AttemptMarker = "-a";

    /// <summary>"{instance id}~{run id}": unique per run, safe in table keys, blob names and instance ids.</summary>
    [JsonIgnore]
    public string Key => $"{InstanceId}{RunSeparator}{RunId}";

    /// <summary>
    /// The run of a job that starts now, its id drawn from the orchestration's deterministic NewGuid: the same on every
    /// replay, different for a new start of the same instance id after a purge (the GUID depends on the start time).
    /// </summary>
    public static JobRunId Draw(string instanceId, Guid seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return new JobRunId(instanceId, seed.ToString("N")[..RunIdLength]);
    }

    /// <summary>The key of one attempt of this run, as vendors see it (Kling's external_task_id, our signed callback URLs).</summary>
    public string SubmissionKey(int attempt) => string.Create(CultureInfo.InvariantCulture, $"{Key}{AttemptMarker}{attempt}");

    /// <summary>Reads a submission key back into its run and attempt (a verified webhook carries it).</summary>
    public static bool TryParseSubmissionKey(string? submissionKey, [NotNullWhen(true)] out JobRunId? run, out int attempt)
    {
        run = null;
        attempt = 0;
        var marker = submissionKey?.LastIndexOf(AttemptMarker, StringComparison.Ordinal) ?? -1;
        if (marker <= 0 || !int.TryParse(submissionKey.AsSpan(marker + AttemptMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out attempt) || attempt < 1)
        {
            return false;
        }
        var split = submissionKey!.LastIndexOf(RunSeparator, marker - 1);
        var instanceId = split > 0 ? submissionKey[..split] : string.Empty;
        var runId = split > 0 ? submissionKey[(split + 1)..marker] : string.Empty;
        if (JobInstanceId.TeamOf(instanceId) is null || !IsRunId(runId))
        {
            return false;
        }
        run = new JobRunId(instanceId, runId);
        return true;
    }

    public override string ToString() => Key;

    private static bool IsRunId(string runId) => runId.Length == RunIdLength && runId.All(char.IsAsciiHexDigitLower);
}
