using Orchestrator.Core.Pricing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>Ending an attempt: its cost row, then the settlement of both budgets with the row's amount and month.</summary>
internal sealed partial class JobRun
{
    /// <summary>
    /// Ends the current attempt as <paramref name="ended"/>: writes its cost row (the billing rule of
    /// <paramref name="billing"/>; nothing billed when null) and settles both budgets with that row's amount in that row's
    /// month, releasing the rest of the reservation. Only the attempt that delivers the job's clip is booked
    /// <paramref name="delivered"/>: a billed "completed" status alone does not say a clip was delivered.
    /// </summary>
    private async Task EndAttemptAsync(
        AttemptState ended,
        TerminalStatus? billing,
        VendorUsage? usage = null,
        VendorFailure? failure = null,
        string? notBilledReason = null,
        string? costNote = null,
        bool delivered = false,
        string? provenanceWarning = null)
    {
        var endedAt = Now;
        var month = BookingMonth.Of(endedAt);
        UpdateAttempt(attempt => attempt with { State = ended, EndedAt = endedAt, Failure = failure ?? attempt.Failure });
        SetStep(JobStep.RecordingCost);
        var attempt = Current;
        var line = await context.CallActivityAsync<CostLine>(nameof(RecordCost), new CostRowInput
        {
            Run = Run,
            Attempt = attempt.Number,
            Month = month,
            Request = request,
            Route = attempt.Route,
            SubmissionKey = attempt.SubmissionKey,
            KeyId = input.KeyId,
            Status = billing,
            NotBilledReason = notBilledReason,
            Usage = usage ?? VendorUsage.None,
            VendorJobId = attempt.VendorJobId,
            ReservedUsd = attempt.ReservedUsd,
            Note = costNote,
            Delivered = delivered,
            ProvenanceWarning = provenanceWarning,
            AttemptStartedAt = attempt.StartedAt,
            AttemptEndedAt = endedAt,
        }, TaskRetries.Bookkeeping);
        UpdateAttempt(current => current with
        {
            BilledUsd = line.CostUsd,
            BillingStatus = billing,
            BillingNote = line.BillingRule,
            CostPartition = line.Partition,
            CostRow = line.RowKey,
        });
        SetStep(JobStep.Settling);
        await SettleAsync(attempt.Number, line.Month, line.CostUsd);
        state.VendorJob = null;
        Publish();
    }
}
