using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Holds;
using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// <see cref="IJobService"/> over the durable client (the embedded engine's locally, Durable Functions' in Azure): the
/// job's state is the orchestration's own report (custom status while running, output at the end); approvals are on
/// the cost rows; webhooks find their job through the submission key or the vendor-id index.
/// </summary>
public sealed class JobService(
    DurableTaskClient client,
    JobRequestValidator validator,
    WorkflowOptions options,
    SubmissionLog submissions,
    CostLedger ledger,
    TimeProvider time) : IJobService
{
    // How long a terminate waits for the runtime to apply it before leaving the release of the job's holds to the sweep.
    private static readonly TimeSpan TerminationPatience = TimeSpan.FromSeconds(30);

    private readonly JobHolds holds = new(client, options, time);

    public async Task<JobStartResult> StartAsync(JobRequest request, JobCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var key = JobInstanceId.IdempotencyKeyOf(request);
        var instanceId = JobInstanceId.For(request.Team, key);
        if (!caller.MaySee(request.Team))
        {
            return Refused(instanceId, JobStartRefusal.TeamMismatch, $"The key {caller.KeyId} belongs to team '{caller.Team}' and cannot start jobs for '{request.Team}'.");
        }
        if (caller.Environment is { } bound && bound != WireNames.Of(request.Environment))
        {
            return Refused(instanceId, JobStartRefusal.EnvironmentMismatch, $"The key {caller.KeyId} is bound to {bound} and cannot start {WireNames.Of(request.Environment)} jobs.");
        }
        var errors = validator.Validate(request);
        if (errors.Count > 0)
        {
            return JobStartResult.Refused(instanceId, new JobStartRefusal(JobStartRefusal.InvalidRequest, $"The request has {errors.Count} problem(s).") { Errors = errors });
        }
        if (await ExistingAsync(instanceId, request, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        var input = new JobInput { Request = request, IdempotencyKey = key, KeyId = caller.KeyId, Policy = options.Policy };
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.JobOrchestration, input, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent start of the same key may have won (Durable Functions refuses a second schedule of a running id).
            if (await ExistingAsync(instanceId, request, cancellationToken).ConfigureAwait(false) is { } raced)
            {
                return raced;
            }
            throw;
        }
        return new JobStartResult(instanceId, false);
    }

    public async Task<JobView?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(instanceId, cancellationToken).ConfigureAwait(false) is not { } view)
        {
            return null;
        }
        return view.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Failed when view.RunId is { } runId =>
                WithRelease(view, await holds.GetReleaseAsync(new JobRunId(instanceId, runId), cancellationToken).ConfigureAwait(false)),
            _ when view.Status == JobStatus.Succeeded => view with { Approval = await ApprovalAsync(view, cancellationToken).ConfigureAwait(false) },
            _ => view,
        };
    }

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new OrchestrationQuery(
            CreatedFrom: query.CreatedFrom,
            CreatedTo: query.CreatedTo,
            Statuses: RuntimeStatuses(query.Statuses),
            InstanceIdPrefix: query.Team is null ? null : JobInstanceId.TeamPrefix(query.Team),
            PageSize: Math.Clamp(query.PageSize, 1, 1000),
            FetchInputsAndOutputs: true,
            ContinuationToken: query.ContinuationToken);
        await foreach (var page in client.GetAllInstancesAsync(filter).AsPages(query.ContinuationToken, filter.PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var jobs = page.Values.Where(IsJob).Select(View)
                .Where(view => query.Statuses.Count == 0 || query.Statuses.Contains(view.Status))
                .OrderByDescending(view => view.CreatedAt)
                .ToList();
            return new JobPage(jobs, page.ContinuationToken);
        }
        return new JobPage([], null);
    }

    public async Task<bool> RaiseVendorUpdateAsync(VendorWebhook verified, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verified);
        var hook = verified.Event;
        (JobRunId Run, int Attempt)? target = JobRunId.TryParseSubmissionKey(hook.SubmissionKey, out var run, out var attempt)
            ? (run, attempt)
            : hook.VendorJobId is { } vendorJobId ? await submissions.FindByVendorJobAsync(hook.Vendor, vendorJobId, cancellationToken).ConfigureAwait(false) : null;
        if (target is not { } job)
        {
            return false;
        }
        // The instance id may now hold a later run (the job was purged and its key sent again): the old run's webhooks match nothing.
        var metadata = await client.GetInstanceAsync(job.Run.InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null || !IsJob(metadata) || JobReports.RunOf(metadata) != job.Run)
        {
            return false;
        }
        if (InstanceStates.IsActive(metadata.RuntimeStatus))
        {
            var update = new VendorUpdate(job.Run.RunId, job.Attempt, hook.Vendor, hook.VendorJobId, hook.EventType, hook.Status?.State, hook.DeliveryId);
            await client.RaiseEventAsync(job.Run.InstanceId, WorkflowNames.VendorUpdateEvent, update, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    public async Task<bool> CancelAsync(string instanceId, JobCaller caller, string reason, CancellationToken cancellationToken = default)
    {
        if (!await IsRunningJobOfAsync(instanceId, caller, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await client.RaiseEventAsync(instanceId, WorkflowNames.CancelEvent, new CancelRequest(reason, caller.KeyId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> TerminateAsync(string instanceId, JobCaller caller, string reason, CancellationToken cancellationToken = default)
    {
        if (!await IsRunningJobOfAsync(instanceId, caller, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await client.TerminateInstanceAsync(instanceId, reason, cancellationToken).ConfigureAwait(false);
        using (var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            patience.CancelAfter(TerminationPatience);
            try
            {
                await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The runtime has not applied the terminate yet: the hold sweep releases the job once it has.
                return true;
            }
        }
        await holds.ReleaseAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<JobApprovalResult> ApproveAsync(string instanceId, JobCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        // The job as its instance shows it: its approval and the release of its holds play no part here.
        var view = await ReadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return JobApprovalResult.NotFound;
        }
        if (!caller.MaySee(view.Team))
        {
            return JobApprovalResult.Forbidden;
        }
        if (view.Status != JobStatus.Succeeded || DeliveredCostRow(view) is not (var partition, var row))
        {
            return JobApprovalResult.NotSucceeded;
        }
        return await ledger.ApproveAsync(partition, row, caller.KeyId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ? JobApprovalResult.Approved
            : JobApprovalResult.NotFound;
    }

    /// <summary>Whether <paramref name="instanceId"/> is a job of the caller's (or, for an admin, any) team that still runs.</summary>
    private async Task<bool> IsRunningJobOfAsync(string instanceId, JobCaller caller, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(caller);
        if (JobInstanceId.TeamOf(instanceId) is not { } team || !caller.MaySee(team))
        {
            return false;
        }
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        return metadata is not null && IsJob(metadata) && InstanceStates.IsActive(metadata.RuntimeStatus);
    }

    private async Task<JobStartResult?> ExistingAsync(string instanceId, JobRequest request, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }
        var started = existing.ReadInputAs<JobInput>()?.Request;
        return started is null || JobInstanceId.CanonicalJson(started).AsSpan().SequenceEqual(JobInstanceId.CanonicalJson(request))
            ? new JobStartResult(instanceId, AlreadyExisted: true)
            : Refused(instanceId, JobStartRefusal.IdempotencyConflict, $"The idempotency key '{request.IdempotencyKey}' was already used for a different request (job {instanceId}).");
    }

    /// <summary>The job instance <paramref name="instanceId"/> as its durable instance shows it; null when there is no such job.</summary>
    private async Task<JobView?> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is not null && IsJob(metadata) ? View(metadata) : null;
    }

    private async Task<JobApproval?> ApprovalAsync(JobView view, CancellationToken cancellationToken)
    {
        if (DeliveredCostRow(view) is not (var partition, var row))
        {
            return null;
        }
        var cost = await ledger.GetAsync(partition, row, cancellationToken).ConfigureAwait(false);
        return cost is { Approved: true, ApprovedBy: { } by, ApprovedAt: { } at } ? new JobApproval(by, at) : null;
    }

    /// <summary>The cost row of the attempt that delivered the job's clip; null when none did or its row is not booked yet.</summary>
    private static (string Partition, string Row)? DeliveredCostRow(JobView view) =>
        view.Attempts.LastOrDefault(attempt => attempt.State == AttemptState.Succeeded) is { CostPartition: { } partition, CostRow: { } row }
            ? (partition, row)
            : null;

    private static bool IsJob(OrchestrationMetadata metadata) =>
        string.Equals(metadata.Name, WorkflowNames.JobOrchestration, StringComparison.OrdinalIgnoreCase);

    /// <summary>The runtime statuses that can hold jobs in <paramref name="statuses"/> (all when empty or mixed).</summary>
    private static OrchestrationRuntimeStatus[]? RuntimeStatuses(IReadOnlyCollection<JobStatus> statuses) =>
        statuses.Count == 0 ? null
        : statuses.All(status => status == JobStatus.Running) ? InstanceStates.Active
        : statuses.Contains(JobStatus.Running) ? null
        : InstanceStates.Ended;

    private static JobView View(OrchestrationMetadata metadata)
    {
        var input = metadata.ReadInputAs<JobInput>();
        var request = input?.Request;
        var report = JobReports.Of(metadata)
            ?? new JobOutcome
            {
                InstanceId = metadata.InstanceId,
                Status = JobStatus.Running,
                Team = request?.Team ?? JobInstanceId.TeamOf(metadata.InstanceId) ?? string.Empty,
                Environment = request?.Environment ?? JobEnvironment.Sandbox,
            };
        report = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => report with { Status = JobStatus.Failed, Message = $"The orchestration failed: {metadata.FailureDetails?.ErrorMessage}" },
            OrchestrationRuntimeStatus.Terminated => report with { Status = JobStatus.Canceled, Message = "Terminated: what it still held is released by the release of its holds (cancelled at the vendor, billed per rule)." },
            _ => report,
        };
        return new JobView(report)
        {
            RuntimeStatus = metadata.RuntimeStatus,
            Tags = request?.Tags ?? new Dictionary<string, string>(),
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
            Request = request,
            KeyId = input?.KeyId,
            IdempotencyKey = input?.IdempotencyKey,
            FailureDetails = metadata.FailureDetails?.ToString(),
        };
    }

    /// <summary>
    /// An ended job as its hold release left it: what the release booked replaces the job's own figure for those attempts,
    /// and nothing stays reserved once the release is done.
    /// </summary>
    private static JobView WithRelease(JobView view, HoldReleaseOutcome? release)
    {
        if (release is null)
        {
            return view;
        }
        var booked = release.Attempts.Select(attempt => attempt.Attempt).ToHashSet();
        var billed = view.Attempts.Where(attempt => !booked.Contains(attempt.Number)).Sum(attempt => attempt.BilledUsd ?? 0m) + release.BilledUsd;
        var summary = release.Attempts.Count == 0 ? "nothing was held" : string.Join("; ", release.Attempts.Select(attempt => $"attempt {attempt.Attempt}: {attempt.Note}"));
        return view with
        {
            Release = release,
            BilledUsd = billed,
            ReservedUsd = release.Done ? 0m : view.ReservedUsd,
            Message = $"{view.Message} Holds {(release.Done ? "released" : "being released")}: {summary}.",
        };
    }

    private static JobStartResult Refused(string instanceId, string code, string message) =>
        JobStartResult.Refused(instanceId, new JobStartRefusal(code, message));
}
