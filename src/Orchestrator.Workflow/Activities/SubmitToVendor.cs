using Orchestrator.Core.Jobs;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>One attempt's submit, as the orchestration asks for it; the submission key is the attempt's idempotency key.</summary>
public sealed record SubmitAttemptInput
{
    public required JobRunId Run { get; init; }

    public required int Attempt { get; init; }

    public required string SubmissionKey { get; init; }

    public required string Route { get; init; }

    /// <summary>The attempt's timeout (the route's, or the configured override): signed callback URLs stay valid that long.</summary>
    public required TimeSpan Timeout { get; init; }

    public required JobRequest Request { get; init; }

    /// <summary>
    /// Submit even though the intent log holds an unanswered intent: the orchestration decided a repeat is safe (the vendor
    /// deduplicates, or a conclusive lookup found nothing) or accepted its risk (recorded in <see cref="Reason"/>).
    /// </summary>
    public bool Resubmit { get; init; }

    public string? Reason { get; init; }

    /// <summary>
    /// The attempt as the vendor is asked for it: its route with the attempt's timeout, and our webhook for it. A lookup
    /// of an uncertain submit asks with the very same request, so it looks for the callback URL the submit sent.
    /// </summary>
    internal SubmitRequest ToVendorRequest(RouteCatalog routes, WorkflowOptions options)
    {
        var route = routes.Get(Route) with { Timeout = Timeout };
        return new SubmitRequest(Request, route, SubmissionKey, options.WebhookFor(route));
    }
}

/// <summary>What the submit did, how many vendor calls the attempt has made, and when its intent was recorded.</summary>
public sealed record SubmitAttemptResult
{
    public required SubmitOutcome Outcome { get; init; }

    public VendorJobRef? Job { get; init; }

    public VendorFailure? Failure { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public required DateTimeOffset IntentAt { get; init; }

    /// <summary>Vendor submit calls made for the attempt so far.</summary>
    public required int Submits { get; init; }

    public required string Note { get; init; }
}

/// <summary>
/// Submits an attempt at most once: records the intent in Table storage before calling the vendor and the answer after.
/// A redelivery finds the answer and returns it without calling the vendor; one that finds an intent without an answer
/// (a crash, or another delivery still running) returns Uncertain, and the orchestration reconciles per vendor.
/// </summary>
public sealed class SubmitToVendor(VendorClients vendors, RouteCatalog routes, SubmissionLog log, WorkflowOptions options, TimeProvider time)
    : TaskActivity<SubmitAttemptInput, SubmitAttemptResult>
{
    public override async Task<SubmitAttemptResult> RunAsync(TaskActivityContext context, SubmitAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.ToVendorRequest(routes, options);
        var route = request.Route;
        var record = await log.GetAsync(input.Run, input.Attempt, CancellationToken.None).ConfigureAwait(false);
        if (record is null)
        {
            var intent = new SubmissionLog.SubmissionRecord
            {
                InstanceId = input.Run.InstanceId,
                RunId = input.Run.RunId,
                Attempt = input.Attempt,
                SubmissionKey = input.SubmissionKey,
                Route = route.Id,
                Vendor = route.Vendor,
                State = SubmissionState.Intent,
                IntentAt = time.GetUtcNow(),
                UpdatedAt = time.GetUtcNow(),
            };
            var ours = await log.TryRecordIntentAsync(intent, CancellationToken.None).ConfigureAwait(false);
            record = await log.GetAsync(input.Run, input.Attempt, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The intent of {input.SubmissionKey} vanished after it was recorded.");
            if (!ours)
            {
                return Answer(record, SubmitOutcome.Uncertain, "another delivery of this submit recorded the intent first and may be calling the vendor");
            }
        }
        else
        {
            switch (record.State)
            {
                case SubmissionState.Accepted:
                    return Answer(record, SubmitOutcome.Accepted, "answered before: returned from the intent log without calling the vendor");
                case SubmissionState.Rejected:
                    return Answer(record, SubmitOutcome.Rejected, "refused before: returned from the intent log without calling the vendor");
                case SubmissionState.Intent or SubmissionState.Uncertain when !input.Resubmit:
                    return Answer(record, SubmitOutcome.Uncertain, $"an intent recorded at {record.IntentAt:O} has no answer: the vendor may have the job");
            }
        }
        return await SubmitAsync(input, request, record).ConfigureAwait(false);
    }

    private async Task<SubmitAttemptResult> SubmitAsync(SubmitAttemptInput input, SubmitRequest request, SubmissionLog.SubmissionRecord record)
    {
        if (record.State == SubmissionState.Abandoned)
        {
            return Answer(record, SubmitOutcome.NotSubmitted, "the job ended before this attempt reached the vendor: not submitted");
        }
        // Count the call before making it; if another delivery changed the record meanwhile, leave the vendor alone.
        var calling = record with { Submits = record.Submits + 1, State = SubmissionState.Intent, Note = input.Reason, UpdatedAt = time.GetUtcNow() };
        if (!await log.TryUpdateAsync(calling, CancellationToken.None).ConfigureAwait(false))
        {
            var current = await log.GetAsync(input.Run, input.Attempt, CancellationToken.None).ConfigureAwait(false) ?? record;
            return Answer(current, current.State == SubmissionState.Accepted ? SubmitOutcome.Accepted : SubmitOutcome.Uncertain,
                "another delivery of this submit changed the intent log concurrently");
        }
        var result = await vendors.For(request.Route).SubmitAsync(request, CancellationToken.None).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var note = $"submit #{calling.Submits}: {result.Outcome}" + (input.Reason is null ? string.Empty : $" ({input.Reason})");
        if (result.Outcome == SubmitOutcome.Accepted)
        {
            await log.RecordAcceptedAsync(input.Run, input.Attempt, result.Job!, note, now, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            var answered = await log.GetAsync(input.Run, input.Attempt, CancellationToken.None).ConfigureAwait(false) ?? calling;
            await log.TryUpdateAsync(answered with
            {
                State = result.Outcome switch
                {
                    SubmitOutcome.Rejected => SubmissionState.Rejected,
                    SubmitOutcome.NotSubmitted => SubmissionState.NotSubmitted,
                    _ => SubmissionState.Uncertain,
                },
                Failure = SubmissionLog.Serialize(result.Failure),
                Note = note,
                UpdatedAt = now,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        return new SubmitAttemptResult
        {
            Outcome = result.Outcome,
            Job = result.Job,
            Failure = result.Failure,
            RetryAfter = result.RetryAfter,
            IntentAt = record.IntentAt,
            Submits = calling.Submits,
            Note = note,
        };
    }

    private static SubmitAttemptResult Answer(SubmissionLog.SubmissionRecord record, SubmitOutcome outcome, string note) => new()
    {
        Outcome = outcome,
        Job = outcome == SubmitOutcome.Accepted ? SubmissionLog.JobOf(record) : null,
        Failure = outcome == SubmitOutcome.Rejected ? SubmissionLog.FailureOf(record) : null,
        IntentAt = record.IntentAt,
        Submits = record.Submits,
        Note = note,
    };
}
