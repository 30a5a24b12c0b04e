using Orchestrator.Core.Pricing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Holds;

/// <summary>
/// One run of <see cref="ReleaseJobHolds"/>. Deterministic: time comes from the context, every effect is an activity or an
/// entity operation, and every key (cost row, submission, reservation) is the run's own, derived from its instance id, its
/// run id and the attempt number, so nothing here can add a second row or a second booking for an attempt, nor touch a
/// later run of the same instance id.
/// </summary>
internal sealed class HoldReleaseRun(TaskOrchestrationContext context, HoldReleaseInput input)
{
    private readonly List<ReleasedAttempt> released = [];
    private DateTime startedAt;

    private JobRunId Run => input.Run;

    private DateTime Now => context.CurrentUtcDateTime;

    public async Task<HoldReleaseOutcome> RunAsync()
    {
        startedAt = Now;
        Publish(done: false);
        foreach (var held in await HeldAsync())
        {
            released.Add(await ReleaseAsync(held));
            Publish(done: false);
        }
        return Publish(done: true);
    }

    /// <summary>The run's reservations, by attempt, on the team budget and (when known) the environment quota.</summary>
    private async Task<List<HeldAttempt>> HeldAsync()
    {
        var budgets = new List<EntityInstanceId> { TeamBudgetIds.Team(input.Team) };
        if ((input.Request?.Environment ?? input.Environment) is { } environment)
        {
            budgets.Add(TeamBudgetIds.Environment(input.Team, environment));
        }
        var holds = new List<(EntityInstanceId Budget, HeldReservation Held)>();
        foreach (var budget in budgets)
        {
            var held = await context.Entities.CallEntityAsync<List<HeldReservation>>(budget, nameof(TeamBudget.Holds), Run);
            holds.AddRange(held.Select(reservation => (budget, reservation)));
        }
        return [.. holds.GroupBy(hold => hold.Held.Attempt).OrderBy(group => group.Key).Select(group => new HeldAttempt(
            group.Key,
            group.Max(hold => hold.Held.AmountUsd),
            group.Select(hold => hold.Held.Month).Min(StringComparer.Ordinal)!,
            [.. group.Select(hold => hold.Budget)]))];
    }

    private async Task<ReleasedAttempt> ReleaseAsync(HeldAttempt held)
    {
        var booked = await context.CallActivityAsync<CostLine?>(nameof(FindCostRow),
            new CostRowLookup(input.Team, Run, held.Attempt, held.Month, BookingMonth.Of(Now)), TaskRetries.Bookkeeping);
        if (booked is not null)
        {
            await SettleAsync(held, booked);
            return Released(held, booked, null, "the job had booked this attempt before it stopped: settled as its cost row says");
        }
        var submission = await ClosedSubmissionAsync(held.Attempt);
        var (status, usage, note) = await EndingAsync(submission);
        if (status is null)
        {
            foreach (var budget in held.Budgets)
            {
                await context.Entities.CallEntityAsync<BudgetSnapshot>(budget, nameof(TeamBudget.Release), new BudgetRelease(Run, held.Attempt, BookingMonth.Of(Now)));
            }
            return Released(held, null, submission.Job, note);
        }
        var line = await context.CallActivityAsync<CostLine>(nameof(RecordCost), new CostRowInput
        {
            Run = Run,
            Attempt = held.Attempt,
            Month = BookingMonth.Of(Now),
            Request = input.Request,
            Environment = input.Request?.Environment ?? input.Environment,
            Route = submission.Route,
            SubmissionKey = Run.SubmissionKey(held.Attempt),
            KeyId = input.KeyId,
            Status = status,
            Usage = usage,
            VendorJobId = submission.Job?.VendorJobId,
            ReservedUsd = held.ReservedUsd,
            Note = $"The job {input.Reason} before this attempt ended; its holds were released: {note}.",
            AttemptStartedAt = input.Attempts.FirstOrDefault(attempt => attempt.Number == held.Attempt)?.StartedAt ?? submission.IntentAt.UtcDateTime,
            AttemptEndedAt = Now,
        }, TaskRetries.Bookkeeping);
        await SettleAsync(held, line);
        return Released(held, line, submission.Job, note);
    }

    /// <summary>
    /// Closes the attempt to submits; a vendor call that was under way when the job ended is given the job's own
    /// reconciliation delays to answer before it is judged.
    /// </summary>
    private async Task<ClosedSubmission> ClosedSubmissionAsync(int attempt)
    {
        var submission = await CloseAsync(attempt);
        for (var check = 1; submission.State == SubmissionState.Intent && check <= input.Policy.LookupAttempts; check++)
        {
            await context.CreateTimer(Now + input.Policy.ReconcileDelay, CancellationToken.None);
            submission = await CloseAsync(attempt);
        }
        return submission;
    }

    private Task<ClosedSubmission> CloseAsync(int attempt) =>
        context.CallActivityAsync<ClosedSubmission>(nameof(CloseSubmission), new CloseSubmissionInput(Run, attempt, new DateTimeOffset(Now, TimeSpan.Zero)), TaskRetries.Bookkeeping);

    /// <summary>The billing rule the attempt ends under (null: nothing reached the vendor, nothing is billed) and why.</summary>
    private async Task<(TerminalStatus? Status, VendorUsage Usage, string Note)> EndingAsync(ClosedSubmission submission)
    {
        switch (submission.State)
        {
            case SubmissionState.Accepted when submission.Job is { } job:
                var ending = VendorJobEnding.Decide(await CancelAsync(job), await StatusAsync(job));
                return (ending.Status, ending.Usage, $"vendor job {job.VendorJobId}: {ending.Note}");
            case SubmissionState.Rejected when submission.Failure is { IsSafetyRefusal: true } refusal:
                return (TerminalStatus.RefusedByVendor, VendorUsage.None, $"the vendor refused the prompt at submit ({refusal.Code}): billed per its rule");
            case SubmissionState.Rejected:
                return (null, VendorUsage.None, "refused at submit: no vendor job was created, nothing billed");
            case SubmissionState.NotSubmitted or SubmissionState.Abandoned:
                return (null, VendorUsage.None, "never reached the vendor: nothing billed");
            default:
                return (TerminalStatus.Completed, VendorUsage.None,
                    "a submit may have created a vendor job that cannot be found (its answer never came): booked as if it ran, so spend is never under-recorded");
        }
    }

    private async Task<VendorCancelResult?> CancelAsync(VendorJobRef job)
    {
        try
        {
            return await context.CallActivityAsync<VendorCancelResult>(nameof(CancelVendorJob), job, TaskRetries.Transient);
        }
        catch (TaskFailedException)
        {
            return null;
        }
    }

    private async Task<VendorJobStatus?> StatusAsync(VendorJobRef job)
    {
        try
        {
            return await context.CallActivityAsync<VendorJobStatus>(nameof(PollVendorJob), job, TaskRetries.Transient);
        }
        catch (TaskFailedException)
        {
            return null;
        }
    }

    /// <summary>Books the row's amount in the row's month on each budget that still holds the attempt, dropping its reservation.</summary>
    private async Task SettleAsync(HeldAttempt held, CostLine line)
    {
        foreach (var budget in held.Budgets)
        {
            await context.Entities.CallEntityAsync<BudgetSnapshot>(budget, nameof(TeamBudget.Settle), new BudgetSettlement(Run, held.Attempt, line.Month, line.CostUsd));
        }
    }

    private static ReleasedAttempt Released(HeldAttempt held, CostLine? line, VendorJobRef? job, string note) => new()
    {
        Attempt = held.Attempt,
        ReservedUsd = held.ReservedUsd,
        Budgets = [.. held.Budgets.Select(budget => budget.Key)],
        CostUsd = line?.CostUsd ?? 0m,
        BillingStatus = line?.BillingStatus,
        CostPartition = line?.Partition,
        CostRow = line?.RowKey,
        VendorJobId = job?.VendorJobId,
        Note = note,
    };

    private HoldReleaseOutcome Publish(bool done)
    {
        var outcome = new HoldReleaseOutcome
        {
            Run = Run,
            Reason = input.Reason,
            Attempts = [.. released],
            Done = done,
            StartedAt = startedAt,
            UpdatedAt = Now,
        };
        context.SetCustomStatus(outcome);
        return outcome;
    }

    /// <summary>An attempt's reservations: the largest amount, the earliest month, and the budgets that hold it.</summary>
    private sealed record HeldAttempt(int Attempt, decimal ReservedUsd, string Month, IReadOnlyList<EntityInstanceId> Budgets);
}
