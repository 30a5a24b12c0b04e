using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Jobs;
using static Orchestrator.Workflow.WorkflowNames;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// One execution of the job orchestration: the state machine of <see cref="JobOrchestration"/>. Deterministic: time
/// comes from the context, every effect is an activity or an entity operation, and every key an activity needs
/// (submission key, cost row key, reservation) is derived here from the run (<see cref="JobRunId"/>: the instance id and
/// the run id drawn when the job started) and the attempt number.
/// <list type="bullet">
/// <item>Validating -> Moderating -> Routing, once per job (ends Invalid, Moderated or NoEligibleRoute);</item>
/// <item>per attempt: Reserving (ends BudgetExceeded) -> Submitting -> Waiting -> Storing -> CheckingProvenance ->
/// RecordingCost -> Settling; an attempt that fails for the vendor's reasons is booked and the next route is tried.</item>
/// </list>
/// </summary>
internal sealed partial class JobRun
{
    private readonly TaskOrchestrationContext context;
    private readonly JobInput input;
    private readonly JobRequest request;
    private readonly JobPolicy policy;
    private readonly JobState state;

    // One waiter per event stream for the whole execution, renewed only when it fires: an abandoned waiter would
    // swallow the next event on the real Durable Task runtime.
    private readonly Task<CancelRequest> cancelRequested;
    private Task<VendorUpdate> vendorUpdates;

    public JobRun(TaskOrchestrationContext context, JobInput input)
    {
        this.context = context;
        this.input = input;
        request = input.Request;
        policy = input.Policy;
        state = input.Resume ?? new JobState { RunId = JobRunId.Draw(context.InstanceId, context.NewGuid()).RunId, StartedAt = context.CurrentUtcDateTime };
        cancelRequested = context.WaitForExternalEvent<CancelRequest>(CancelEvent);
        vendorUpdates = context.WaitForExternalEvent<VendorUpdate>(VendorUpdateEvent);
    }

    private string InstanceId => context.InstanceId;

    /// <summary>This run of the job: the instance id can be reused after a purge, the run cannot.</summary>
    private JobRunId Run => new(InstanceId, state.RunId);

    private DateTime Now => context.CurrentUtcDateTime;

    private AttemptRecord Current => state.Attempts[^1];

    private RouteCandidate CurrentCandidate => state.Plan!.Candidates.First(candidate => candidate.Route == Current.Route);

    private bool CancelRequested => cancelRequested.IsCompleted;

    private string CancelReason => cancelRequested.IsCompletedSuccessfully ? cancelRequested.Result.Reason : "cancel requested";

    public async Task<JobOutcome> RunAsync()
    {
        if (input.Resume is null && await PrepareAsync() is { } refused)
        {
            return refused;
        }
        return await AttemptsAsync();
    }

    /// <summary>Validate, moderate and route: nothing is reserved or sent until all three pass.</summary>
    private async Task<JobOutcome?> PrepareAsync()
    {
        SetStep(JobStep.Validating);
        var errors = await context.CallActivityAsync<IReadOnlyList<JobRequestError>>(nameof(ValidateJob), request);
        if (errors.Count > 0)
        {
            state.Errors = [.. errors];
            return Finish(JobStatus.Invalid, $"The request is invalid: {string.Join("; ", errors.Take(5))}. Nothing was reserved or sent.");
        }
        SetStep(JobStep.Moderating);
        var verdict = await context.CallActivityAsync<ModerationVerdict>(nameof(ModerateJob), request);
        state.Moderation = verdict;
        if (!verdict.Allowed)
        {
            return Finish(JobStatus.Moderated,
                $"Blocked by moderation ({string.Join(", ", verdict.Categories)}): nothing was reserved, sent or billed.");
        }
        SetStep(JobStep.Routing);
        state.Plan = await context.CallActivityAsync<RoutePlan>(nameof(RouteJob), new RouteJobInput(request, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)));
        return state.Plan.IsRefused
            ? Finish(JobStatus.NoEligibleRoute, $"No route can make this clip; nothing was reserved. {state.Plan.Explanation}")
            : null;
    }

    /// <summary>Runs attempts (resuming a wait after ContinueAsNew) until one delivers, one stops the job, or none is left.</summary>
    private async Task<JobOutcome> AttemptsAsync()
    {
        AttemptEnd? last = state.VendorJob is { } waiting ? await WaitAndFinishAsync(CurrentCandidate, waiting) : null;
        while (true)
        {
            if (last is { } ended)
            {
                switch (ended.Kind)
                {
                    case AttemptEndKind.Stop:
                        return Finish(ended.Status, ended.Message);
                    case AttemptEndKind.ContinuedAsNew:
                        return ContinueAsNew();
                }
                if (CancelRequested)
                {
                    return Finish(JobStatus.Canceled, $"{ended.Message}; then canceled: {CancelReason}.");
                }
                if (WhyNoFailover() is { } why)
                {
                    return Finish(ended.Status, $"{ended.Message}; {why}.");
                }
                UpdateAttempt(attempt => attempt.WithNote($"failing over to {state.Plan!.Candidates[state.NextCandidate].Route}"));
            }
            if (CancelRequested)
            {
                return Finish(JobStatus.Canceled, $"Canceled before an attempt started: {CancelReason}.");
            }
            last = await RunAttemptAsync(state.Plan!.Candidates[state.NextCandidate++]);
        }
    }

    private string? WhyNoFailover()
    {
        if (state.Attempts.Count >= state.MaxAttempts)
        {
            return $"no regenerations left ({state.MaxAttempts} attempt(s) allowed by the request and the team's budgets)";
        }
        return state.NextCandidate >= state.Plan!.Candidates.Count ? "no other eligible route to fail over to" : null;
    }

    private async Task<AttemptEnd> RunAttemptAsync(RouteCandidate candidate)
    {
        var number = state.Attempts.Count + 1;
        SetStep(JobStep.Reserving);
        var reservation = await ReserveAsync(number, candidate.WorstCaseUsd);
        if (reservation.Refusal is { } refusal)
        {
            state.Budget = refusal;
            return AttemptEnd.Stop(JobStatus.BudgetExceeded, $"The budget cannot hold {candidate.Route}'s worst case: {refusal.Reason}.");
        }
        if (state.MaxAttempts == 0)
        {
            state.MaxAttempts = 1 + Math.Clamp(Math.Min(request.MaxRegenerations ?? int.MaxValue, reservation.MaxRegenerations), 0, JobRequestLimits.MaxRegenerations);
        }
        state.Attempts.Add(new AttemptRecord
        {
            Number = number,
            Route = candidate.Route,
            Vendor = candidate.Vendor,
            SubmissionKey = Run.SubmissionKey(number),
            ReservedUsd = candidate.WorstCaseUsd,
            StartedAt = Now,
        });
        var (job, ended) = await SubmitAsync(candidate);
        return job is null ? ended! : await WaitAndFinishAsync(candidate, job);
    }

    private JobOutcome ContinueAsNew()
    {
        state.Executions++;
        context.ContinueAsNew(input with { Resume = state });
        return Publish();
    }

    private JobOutcome Finish(JobStatus status, string message)
    {
        state.Status = status;
        state.Message = message;
        state.Step = JobStep.Done;
        return Publish();
    }

    private void SetStep(JobStep step)
    {
        state.Step = step;
        Publish();
    }

    private void UpdateAttempt(Func<AttemptRecord, AttemptRecord> change) => state.Attempts[^1] = change(Current);

    /// <summary>Shows the job as it stands in the custom status (in brief: it must stay far below 16 KB), and returns it in full.</summary>
    private JobOutcome Publish()
    {
        var outcome = new JobOutcome
        {
            InstanceId = InstanceId,
            RunId = state.RunId,
            Status = state.Status,
            Step = state.Step,
            Team = request.Team,
            Environment = request.Environment,
            Message = state.Message,
            Route = state.Plan,
            RouteSummary = state.Plan is { } plan ? RouteSummary.Of(plan) : null,
            Attempts = [.. state.Attempts],
            ReservedUsd = state.Attempts.Where(attempt => attempt.BilledUsd is null).Sum(attempt => attempt.ReservedUsd),
            BilledUsd = state.Attempts.Sum(attempt => attempt.BilledUsd ?? 0m),
            Video = state.Video,
            Provenance = state.Provenance,
            ProvenanceWarning = state.ProvenanceWarning,
            Budget = state.Budget,
            Moderation = state.Moderation,
            Errors = [.. state.Errors],
            StartedAt = state.StartedAt,
            UpdatedAt = Now,
        };
        context.SetCustomStatus(JobProgress.Of(outcome));
        return outcome;
    }

    private enum AttemptEndKind
    {
        /// <summary>The attempt failed for the vendor's reasons: try the next route if one is allowed.</summary>
        FailOver,

        /// <summary>The job ends with this attempt (delivered, refused, canceled, or a failure failover cannot fix).</summary>
        Stop,

        ContinuedAsNew,
    }

    /// <summary>How an attempt ended, with the job status and message to end with if nothing follows it.</summary>
    private sealed record AttemptEnd(AttemptEndKind Kind, JobStatus Status, string Message)
    {
        public static AttemptEnd ContinuedAsNew { get; } = new(AttemptEndKind.ContinuedAsNew, JobStatus.Running, "continued as new");

        public static AttemptEnd FailOver(JobStatus status, string message) => new(AttemptEndKind.FailOver, status, message);

        public static AttemptEnd Stop(JobStatus status, string message) => new(AttemptEndKind.Stop, status, message);
    }
}
