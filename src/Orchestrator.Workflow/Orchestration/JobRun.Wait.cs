using Orchestrator.Core.Pricing;
using Orchestrator.Provenance;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Jobs;
using static Orchestrator.Workflow.WorkflowNames;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>Waiting for the vendor (webhook or backed-off durable timer, whichever first) and acting on how its job ended.</summary>
internal sealed partial class JobRun
{
    /// <summary>Waits for the vendor job to end, then delivers it, or books the failure and says whether to fail over.</summary>
    private async Task<AttemptEnd> WaitAndFinishAsync(RouteCandidate candidate, VendorJobRef job)
    {
        SetStep(JobStep.Waiting);
        var waited = await WaitForVendorAsync(candidate, job);
        var number = Current.Number;
        switch (waited.Kind)
        {
            case WaitEndKind.ContinueAsNew:
                return AttemptEnd.ContinuedAsNew;
            case WaitEndKind.TimedOut:
                await CancelAtVendorAsync(job, $"timed out after {candidate.Timeout}");
                await EndAttemptAsync(AttemptState.TimedOut, TerminalStatus.TimedOut);
                return AttemptEnd.FailOver(JobStatus.TimedOut, $"Attempt {number} on {candidate.Route} ran past its {candidate.Timeout} timeout and was cancelled at the vendor");
            case WaitEndKind.Canceled:
                await CancelAtVendorAsync(job, $"canceled ({CancelReason})");
                await EndAttemptAsync(AttemptState.Canceled, TerminalStatus.Canceled);
                return AttemptEnd.Stop(JobStatus.Canceled, $"Canceled during attempt {number} on {candidate.Route}: {CancelReason}; billed per the vendor's rule");
            case WaitEndKind.Unreachable:
                var unreachable = new VendorFailure(FailureKind.Unavailable, null, $"its status could not be read {policy.MaxPollFailures} times in a row: {waited.Detail}");
                await CancelAtVendorAsync(job, "status unreachable");
                await EndAttemptAsync(AttemptState.Failed, TerminalStatus.Failed, failure: unreachable);
                return AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {number} on {candidate.Route}: {unreachable.Message}");
        }
        var status = waited.Status!;
        switch (status.State)
        {
            case VendorJobState.Succeeded:
                return await DeliverAsync(candidate, job, status);
            case VendorJobState.Failed when status.Failure is { IsSafetyRefusal: true } refusal:
                await EndAttemptAsync(AttemptState.Refused, TerminalStatus.RefusedByVendor, status.Usage, refusal);
                return AttemptEnd.Stop(JobStatus.Refused, $"{candidate.Route} refused the clip ({refusal.Code}: {refusal.Message}); billed per the vendor's rule, not retried");
            case VendorJobState.Failed:
                var failure = status.Failure ?? new VendorFailure(FailureKind.VendorFault, status.RawStatus, "the vendor reported a failure without a reason");
                await EndAttemptAsync(AttemptState.Failed, TerminalStatus.Failed, status.Usage, failure);
                var message = $"Attempt {number} on {candidate.Route} failed ({failure.Code}: {failure.Message})";
                return failure.Kind == FailureKind.InvalidInput ? AttemptEnd.Stop(JobStatus.Failed, message) : AttemptEnd.FailOver(JobStatus.Failed, message);
            case VendorJobState.Canceled:
                await EndAttemptAsync(AttemptState.Canceled, TerminalStatus.Canceled, status.Usage);
                return AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {number} on {candidate.Route} was cancelled at the vendor");
            default:
                await EndAttemptAsync(AttemptState.Expired, TerminalStatus.Expired, status.Usage);
                return AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {number} on {candidate.Route}: the vendor dropped the output before it was stored");
        }
    }

    /// <summary>
    /// Polls after a durable timer that backs off (deterministic jitter, a cap, the vendor's hint) or at once when a
    /// verified webhook for this attempt arrives (a hint only: the status read is the vendor API's). History stays bounded:
    /// after <see cref="JobPolicy.PollsPerExecution"/> polls the orchestration continues as new with its state.
    /// </summary>
    private async Task<WaitEnd> WaitForVendorAsync(RouteCandidate candidate, VendorJobRef job)
    {
        var polls = 0;
        TimeSpan? hint = null;
        while (true)
        {
            var attempt = Current;
            var deadline = attempt.Deadline!.Value;
            if (CancelRequested)
            {
                return new WaitEnd(WaitEndKind.Canceled);
            }
            if (Now >= deadline)
            {
                return new WaitEnd(WaitEndKind.TimedOut);
            }
            if (polls >= policy.PollsPerExecution)
            {
                return new WaitEnd(WaitEndKind.ContinueAsNew);
            }
            var delay = PollBackoff.Delay(policy, candidate.PollInterval, InstanceId, attempt.Number, attempt.Polls, hint);
            var fireAt = Now + delay < deadline ? Now + delay : deadline;
            using (var timerCancel = new CancellationTokenSource())
            {
                var timer = context.CreateTimer(fireAt, timerCancel.Token);
                var woken = await Task.WhenAny(timer, vendorUpdates, cancelRequested);
                if (woken != timer)
                {
                    timerCancel.Cancel();
                }
                if (woken == cancelRequested)
                {
                    continue;
                }
                if (woken == vendorUpdates)
                {
                    var update = vendorUpdates.IsCompletedSuccessfully ? vendorUpdates.Result : null;
                    vendorUpdates = context.WaitForExternalEvent<VendorUpdate>(VendorUpdateEvent);
                    if (update?.Attempt != attempt.Number || update.RunId != state.RunId)
                    {
                        continue;
                    }
                    UpdateAttempt(current => current with { Webhooks = current.Webhooks + 1 });
                }
            }
            polls++;
            VendorJobStatus status;
            try
            {
                status = await context.CallActivityAsync<VendorJobStatus>(nameof(PollVendorJob), job);
            }
            catch (TaskFailedException failure)
            {
                UpdateAttempt(current => current with { Polls = current.Polls + 1 });
                if (++state.PollFailures >= policy.MaxPollFailures)
                {
                    return new WaitEnd(WaitEndKind.Unreachable, Detail: failure.FailureDetails.ErrorMessage);
                }
                continue;
            }
            state.PollFailures = 0;
            hint = status.PollAfter;
            UpdateAttempt(current => current with
            {
                Polls = current.Polls + 1,
                VendorStatus = status.RawStatus,
                Progress = status.Progress ?? current.Progress,
                State = status.State switch
                {
                    VendorJobState.Queued => AttemptState.Queued,
                    VendorJobState.Running => AttemptState.Running,
                    _ => current.State,
                },
            });
            Publish();
            if (status.IsTerminal)
            {
                return new WaitEnd(WaitEndKind.Terminal, status);
            }
        }
    }

    /// <summary>Stores the clip, checks its provenance against the vendor's download, then books the attempt.</summary>
    private async Task<AttemptEnd> DeliverAsync(RouteCandidate candidate, VendorJobRef job, VendorJobStatus status)
    {
        SetStep(JobStep.Storing);
        var input = new StoreVideoInput(Run, request.Team, request.Environment, Current.Number, candidate.Route, job, state.StartedAt, this.input.KeyId);
        StoreVideoResult stored = new(null);
        for (var download = 1; download <= policy.StoreAttempts; download++)
        {
            stored = await StoreAsync(input);
            if (stored.Video is not null || stored.Problem == DownloadProblem.Expired)
            {
                break;
            }
            UpdateAttempt(attempt => attempt.WithNote($"download {download} unusable ({stored.Problem}: {stored.Message})"));
            if (download < policy.StoreAttempts)
            {
                await context.CreateTimer(Now + policy.StoreRetryDelay, CancellationToken.None);
            }
        }
        var number = Current.Number;
        if (stored.Video is not { } video)
        {
            if (stored.Problem == DownloadProblem.Expired)
            {
                await EndAttemptAsync(AttemptState.Expired, TerminalStatus.Expired, status.Usage);
                return AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {number} on {candidate.Route}: the output expired before it could be stored ({stored.Message})");
            }
            var unusable = new VendorFailure(FailureKind.VendorFault, stored.Problem?.ToString(), $"the clip could not be downloaded intact: {stored.Message}");
            await EndAttemptAsync(AttemptState.Failed, TerminalStatus.Completed, status.Usage, unusable);
            return AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {number} on {candidate.Route}: {unusable.Message}");
        }
        state.Video = video;
        state.Provenance = null; // an earlier attempt's check must not stand for this clip if this one's check fails
        SetStep(JobStep.CheckingProvenance);
        try
        {
            state.Provenance = await context.CallActivityAsync<ProvenanceSummary>(nameof(CheckProvenance), new ProvenanceCheckInput(video, candidate.C2paExpected), TaskRetries.Transient);
        }
        catch (TaskFailedException failure)
        {
            UpdateAttempt(attempt => attempt.WithNote($"the provenance check failed: {failure.FailureDetails.ErrorMessage}"));
        }
        if (state.Provenance is { StoredCopyDiffers: true } differs)
        {
            await EndAttemptAsync(AttemptState.Succeeded, TerminalStatus.Completed, status.Usage);
            return AttemptEnd.Stop(JobStatus.Failed,
                $"The stored copy of {video.BlobName} differs from the vendor's download (manifest {differs.Comparison}, bytes match {differs.StoredBytesMatch}); kept for inspection, not delivered");
        }
        var warning = ProvenanceShortfall(candidate, state.Provenance);
        if (warning is not null && policy.ProvenanceRequirement == ProvenanceRequirement.Require)
        {
            var refused = new VendorFailure(FailureKind.VendorFault, "c2pa-required", warning);
            UpdateAttempt(attempt => attempt.WithNote($"clip kept at {video.Container}/{video.BlobName} for inspection, not delivered: C2PA is required"));
            await EndAttemptAsync(AttemptState.Failed, TerminalStatus.Completed, status.Usage, refused, provenanceWarning: warning);
            return AttemptEnd.FailOver(JobStatus.Failed, $"Attempt {number} on {candidate.Route}: {warning}; C2PA is required, so the clip was not delivered");
        }
        state.ProvenanceWarning = warning;
        await EndAttemptAsync(AttemptState.Succeeded, TerminalStatus.Completed, status.Usage, delivered: true, provenanceWarning: warning);
        var provenance = state.Provenance is { } checkedProvenance ? $"C2PA {checkedProvenance.State}" : "C2PA not checked";
        var flagged = warning is null ? string.Empty : $". PROVENANCE WARNING: {warning}";
        return AttemptEnd.Stop(JobStatus.Succeeded, $"Stored {video.Container}/{video.BlobName} ({video.Bytes} bytes) from {candidate.Route}, attempt {number}; {provenance}{flagged}");
    }

    /// <summary>What the stored clip lacks against its route's promise of C2PA-signed output; null when nothing (or nothing was promised).</summary>
    private static string? ProvenanceShortfall(RouteCandidate candidate, ProvenanceSummary? provenance) => (candidate.C2paExpected, provenance) switch
    {
        (false, _) => null,
        (true, null) => $"{candidate.Route} promises C2PA-signed output, and the clip's manifest could not be checked",
        (true, { State: ProvenanceState.Valid or ProvenanceState.Trusted }) => null,
        (true, { } found) => $"{candidate.Route} promises C2PA-signed output, but the stored clip's manifest is {found.State.ToString().ToLowerInvariant()}"
            + (found.FailureCodes.Count > 0 ? $" ({string.Join(", ", found.FailureCodes.Take(5))})" : string.Empty),
    };

    private async Task<StoreVideoResult> StoreAsync(StoreVideoInput input)
    {
        try
        {
            return await context.CallActivityAsync<StoreVideoResult>(nameof(StoreVideo), input, TaskRetries.Transient);
        }
        catch (TaskFailedException failure)
        {
            return new StoreVideoResult(null, DownloadProblem.Truncated, failure.FailureDetails.ErrorMessage);
        }
    }

    /// <summary>Asks the vendor to stop the job; a vendor that cannot, or a call that fails, is noted on the attempt.</summary>
    private async Task CancelAtVendorAsync(VendorJobRef job, string why)
    {
        try
        {
            var cancel = await context.CallActivityAsync<VendorCancelResult>(nameof(CancelVendorJob), job, TaskRetries.Transient);
            UpdateAttempt(attempt => attempt.WithNote($"{why}: cancel at the vendor {(cancel.Accepted ? "accepted" : "not accepted")} ({cancel.RawStatus}; {cancel.Note})"));
        }
        catch (TaskFailedException failure)
        {
            UpdateAttempt(attempt => attempt.WithNote($"{why}: the cancel at the vendor failed: {failure.FailureDetails.ErrorMessage}"));
        }
    }

    private enum WaitEndKind
    {
        Terminal,
        TimedOut,
        Canceled,
        Unreachable,
        ContinueAsNew,
    }

    private sealed record WaitEnd(WaitEndKind Kind, VendorJobStatus? Status = null, string? Detail = null);
}
