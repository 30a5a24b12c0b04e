using Orchestrator.Core.Pricing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>Submitting an attempt at most once, and reconciling a submit whose answer was lost, per vendor.</summary>
internal sealed partial class JobRun
{
    /// <summary>Submits until the vendor accepts (the vendor job), or ends the attempt (booked) with what comes next.</summary>
    private async Task<(VendorJobRef? Job, AttemptEnd? Ended)> SubmitAsync(RouteCandidate candidate)
    {
        SetStep(JobStep.Submitting);
        UpdateAttempt(attempt => attempt with { State = AttemptState.Submitting });
        var submit = new SubmitAttemptInput
        {
            Run = Run,
            Attempt = Current.Number,
            SubmissionKey = Current.SubmissionKey,
            Route = candidate.Route,
            Timeout = candidate.Timeout,
            Request = request,
        };
        var result = await CallSubmitAsync(submit);
        var retries = 0;
        var reconciliations = 0;
        while (true)
        {
            UpdateAttempt(attempt => attempt.WithNote(result.Note) with { Submits = Math.Max(attempt.Submits, result.Submits) });
            switch (result.Outcome)
            {
                case SubmitOutcome.Accepted:
                    var job = result.Job!;
                    UpdateAttempt(attempt => attempt with
                    {
                        State = AttemptState.Queued,
                        VendorJobId = job.VendorJobId,
                        SubmittedAt = Now,
                        Deadline = Now + candidate.Timeout,
                    });
                    state.VendorJob = job;
                    state.PollFailures = 0;
                    return (job, null);
                case SubmitOutcome.Rejected:
                    return (null, await RejectedAsync(candidate, result.Failure));
                case SubmitOutcome.NotSubmitted when retries++ < policy.MaxSubmitRetries:
                    // The vendor's hint, however long, is honoured up to MaxPollHint; without one, SubmitRetryDelay.
                    var wait = result.RetryAfter is { } hint ? policy.CapHint(hint) : policy.SubmitRetryDelay;
                    UpdateAttempt(attempt => attempt.WithNote($"not submitted ({result.Failure?.Message}); submitting again after {wait}"));
                    await context.CreateTimer(Now + wait, CancellationToken.None);
                    result = await CallSubmitAsync(submit);
                    break;
                case SubmitOutcome.NotSubmitted:
                    await EndAttemptAsync(AttemptState.NotSubmitted, null, failure: result.Failure,
                        notBilledReason: "never reached the vendor (throttled, unreachable or its circuit open)");
                    return (null, AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {Current.Number} on {candidate.Route} never reached the vendor: {result.Failure?.Message}"));
                default:
                    UpdateAttempt(attempt => attempt.WithNote("submit answer uncertain: reconciling"));
                    var reconciled = reconciliations++ < 2 ? await ReconcileAsync(candidate, submit, result) : null;
                    if (reconciled is null)
                    {
                        await EndAttemptAsync(AttemptState.Unresolved, TerminalStatus.Completed,
                            costNote: "The submit may have created a job that no lookup can find: billed as if it ran, so spend is never under-recorded.");
                        return (null, AttemptEnd.FailOver(JobStatus.Failed,
                            $"Attempt {Current.Number} on {candidate.Route}: the vendor may hold a job from a submit whose answer was lost, and it cannot be found"));
                    }
                    result = reconciled;
                    break;
            }
        }
    }

    /// <summary>
    /// Settles an uncertain submit the way its vendor allows (vendors README): Kling deduplicates our key, so submit again;
    /// Luma and BytePlus are found by the key in our signed callback URL (not found, conclusively: submit again); OpenAI
    /// is matched by content (after a few misses, submit again, noting the duplicate risk); fal and Runway cannot be looked
    /// up, so the attempt stays unresolved (null) and the job fails over.
    /// </summary>
    private async Task<SubmitAttemptResult?> ReconcileAsync(RouteCandidate candidate, SubmitAttemptInput submit, SubmitAttemptResult uncertain)
    {
        var capabilities = candidate.Capabilities;
        if (capabilities.Idempotency == SubmitIdempotency.ExternalId)
        {
            return await CallSubmitAsync(submit with { Resubmit = true, Reason = "the vendor deduplicates our submission key" });
        }
        if (capabilities.Lookup == SubmissionLookupKind.None)
        {
            UpdateAttempt(attempt => attempt.WithNote($"{candidate.Vendor} offers no lookup of a submit: failing over instead of risking a second billed job"));
            return null;
        }
        for (var lookup = 1; lookup <= policy.LookupAttempts; lookup++)
        {
            // A request still in flight can create the job after a lookup: give it time first.
            await context.CreateTimer(Now + policy.ReconcileDelay, CancellationToken.None);
            SubmissionLookup found;
            try
            {
                found = await context.CallActivityAsync<SubmissionLookup>(nameof(FindSubmission), new FindSubmissionInput(submit, uncertain.IntentAt), TaskRetries.Transient);
            }
            catch (TaskFailedException failure)
            {
                UpdateAttempt(attempt => attempt.WithNote($"lookup {lookup} failed: {failure.FailureDetails.ErrorMessage}"));
                continue;
            }
            UpdateAttempt(attempt => attempt.WithNote($"lookup {lookup}: {found.Note}"));
            if (found.Found is { } job)
            {
                return uncertain with { Outcome = SubmitOutcome.Accepted, Job = job, Note = $"lookup {lookup} found the job the uncertain submit created" };
            }
            if (found.Conclusive)
            {
                return await CallSubmitAsync(submit with { Resubmit = true, Reason = "a conclusive lookup found no job from the lost submit" });
            }
            if (capabilities.Lookup != SubmissionLookupKind.ByContent)
            {
                return null;
            }
        }
        return capabilities.Lookup == SubmissionLookupKind.ByContent
            ? await CallSubmitAsync(submit with { Resubmit = true, Reason = $"no job matched by content after {policy.LookupAttempts} lookups; a duplicate is possible" })
            : null;
    }

    /// <summary>The vendor refused the submit: a safety refusal is final and billed per rule; anything else created no job.</summary>
    private async Task<AttemptEnd> RejectedAsync(RouteCandidate candidate, VendorFailure? failure)
    {
        var reason = failure?.Message ?? "refused without a reason";
        if (failure is { IsSafetyRefusal: true })
        {
            await EndAttemptAsync(AttemptState.Refused, TerminalStatus.RefusedByVendor, failure: failure);
            return AttemptEnd.Stop(JobStatus.Refused, $"{candidate.Route} refused the prompt at submit ({failure.Code}: {reason}); billed per the vendor's rule, not retried");
        }
        await EndAttemptAsync(AttemptState.Rejected, null, failure: failure, notBilledReason: "refused at submit: no vendor job was created");
        var message = $"{candidate.Route} refused the request at submit ({failure?.Code}: {reason})";
        return failure is { IsVendorFault: true } or { Kind: FailureKind.Account } ? AttemptEnd.FailOver(JobStatus.Failed, message) : AttemptEnd.Stop(JobStatus.Failed, message);
    }

    /// <summary>Calls the submit activity; if it fails outright, whether the vendor was reached is unknown: uncertain.</summary>
    private async Task<SubmitAttemptResult> CallSubmitAsync(SubmitAttemptInput submit)
    {
        try
        {
            return await context.CallActivityAsync<SubmitAttemptResult>(nameof(SubmitToVendor), submit, TaskRetries.Transient);
        }
        catch (TaskFailedException failure)
        {
            return new SubmitAttemptResult
            {
                Outcome = SubmitOutcome.Uncertain,
                IntentAt = new DateTimeOffset(Current.StartedAt, TimeSpan.Zero),
                Submits = Current.Submits,
                Note = $"the submit activity failed: {failure.FailureDetails.ErrorMessage}",
            };
        }
    }
}
