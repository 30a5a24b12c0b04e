using Orchestrator.Vendors;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>An ended job run's attempt to close to submits; <paramref name="At"/> is the orchestration's time.</summary>
public sealed record CloseSubmissionInput(JobRunId Run, int Attempt, DateTimeOffset At);

/// <summary>Where an ended job's attempt stood with its vendor: the intent log's state, and the vendor job when one was accepted.</summary>
public sealed record ClosedSubmission(SubmissionState State, int Submits, string Route, VendorJobRef? Job, VendorFailure? Failure, DateTimeOffset IntentAt);

/// <summary>
/// Reads an ended job's attempt from the intent log and closes it to submits (<see cref="SubmissionLog.CloseAsync"/>): an
/// attempt that had not reached the vendor never will, and one that had shows its answer (or that a call is under way).
/// </summary>
public sealed class CloseSubmission(SubmissionLog log) : TaskActivity<CloseSubmissionInput, ClosedSubmission>
{
    public override async Task<ClosedSubmission> RunAsync(TaskActivityContext context, CloseSubmissionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = await log.CloseAsync(input.Run, input.Attempt, "closed: the job ended before this attempt reached the vendor", input.At, CancellationToken.None).ConfigureAwait(false);
        return new ClosedSubmission(record.State, record.Submits, record.Route, SubmissionLog.JobOf(record), SubmissionLog.FailureOf(record), record.IntentAt);
    }
}
