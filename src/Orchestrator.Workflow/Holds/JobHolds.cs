using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Holds;

/// <summary>
/// Starts <see cref="ReleaseJobHolds"/> for jobs that ended without settling their holds, through the durable client: one
/// job at a time (after a terminate), or all of them (the sweep: every budget entity's reservations, each held job's
/// runtime status). The release has one instance per job ("{job}:release-holds"), so starting it twice is harmless: a
/// release that is running is left alone, and one that finished runs again only to find nothing left to do.
/// </summary>
public sealed class JobHolds(DurableTaskClient client, WorkflowOptions options, TimeProvider time)
{
    private const string ReleaseSuffix = ":release-holds";

    public static string ReleaseInstanceId(string jobInstanceId) => jobInstanceId + ReleaseSuffix;

    /// <summary>Starts the release of an ended job's holds; the release's instance id, or null when the job is unknown or still runs.</summary>
    public async Task<string?> ReleaseAsync(string jobInstanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobInstanceId);
        var job = await client.GetInstanceAsync(jobInstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return job is not null && InstanceStates.HasEnded(job.RuntimeStatus) ? await StartAsync(InputOf(job), cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Finds every job holding a reservation and starts the release of those that ended, and of those whose instance cannot
    /// be found once their newest hold is older than <see cref="HoldSweepOptions.UnknownJobGrace"/>.
    /// </summary>
    public async Task<HoldSweep> SweepAsync(CancellationToken cancellationToken = default)
    {
        var held = await HeldJobsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var started = new List<string>();
        foreach (var job in held)
        {
            var instance = await client.GetInstanceAsync(job.JobInstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            var input = instance switch
            {
                null when job.HeldSince is not { } since || now - new DateTimeOffset(since, TimeSpan.Zero) >= options.HoldSweep.UnknownJobGrace => Orphan(job),
                not null when InstanceStates.HasEnded(instance.RuntimeStatus) => InputOf(instance),
                _ => null,
            };
            if (input is not null)
            {
                started.Add(await StartAsync(input, cancellationToken).ConfigureAwait(false));
            }
        }
        return new HoldSweep(held.Count, started);
    }

    /// <summary>The release of a job's holds as it stands (null when none was started).</summary>
    public async Task<HoldReleaseOutcome?> GetReleaseAsync(string jobInstanceId, CancellationToken cancellationToken = default)
    {
        var release = await client.GetInstanceAsync(ReleaseInstanceId(jobInstanceId), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            return null;
        }
        return (release.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? release.ReadOutputAs<HoldReleaseOutcome>() : null)
            ?? release.ReadCustomStatusAs<HoldReleaseOutcome>();
    }

    private async Task<string> StartAsync(HoldReleaseInput input, CancellationToken cancellationToken)
    {
        var id = ReleaseInstanceId(input.JobInstanceId);
        if (await IsRunningAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return id;
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.ReleaseJobHolds, input, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Durable Functions refuses a second schedule of a running id: a concurrent start (the sweep, a terminate) won.
            if (!await IsRunningAsync(id, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
        return id;
    }

    private async Task<bool> IsRunningAsync(string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is { } instance
        && InstanceStates.IsActive(instance.RuntimeStatus);

    /// <summary>Every job holding money, from the state of every budget entity (team budgets and environment quotas).</summary>
    private async Task<List<HeldJob>> HeldJobsAsync(CancellationToken cancellationToken)
    {
        var jobs = new Dictionary<string, HeldJob>(StringComparer.Ordinal);
        var query = new EntityQuery { InstanceIdStartsWith = $"@{WorkflowNames.TeamBudgetEntity.ToLowerInvariant()}@", IncludeState = true };
        await foreach (var entity in client.Entities.GetAllEntitiesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!entity.IncludesState)
            {
                continue;
            }
            var key = entity.Id.Key;
            foreach (var hold in entity.State.ReadAs<TeamBudgetState>().Reservations.Values)
            {
                var job = jobs.TryGetValue(hold.JobId, out var seen) ? seen : new HeldJob(hold.JobId, TeamBudgetIds.TeamOf(key), null, hold.ReservedAt);
                jobs[hold.JobId] = job with
                {
                    Environment = TeamBudgetIds.EnvironmentOf(key) ?? job.Environment,
                    HeldSince = job.HeldSince is { } earlier && hold.ReservedAt is { } later ? (later > earlier ? later : earlier) : null,
                };
            }
        }
        return [.. jobs.Values];
    }

    private HoldReleaseInput InputOf(OrchestrationMetadata job)
    {
        var started = job.ReadInputAs<JobInput>();
        var report = (job.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? job.ReadOutputAs<JobOutcome>() : null) ?? job.ReadCustomStatusAs<JobOutcome>();
        return new HoldReleaseInput
        {
            JobInstanceId = job.InstanceId,
            Team = started?.Request.Team ?? JobInstanceId.TeamOf(job.InstanceId) ?? throw new InvalidOperationException($"'{job.InstanceId}' is not a job."),
            Environment = started?.Request.Environment,
            Request = started?.Request,
            KeyId = started?.KeyId,
            Attempts = report?.Attempts ?? [],
            Policy = started?.Policy ?? options.Policy,
            Reason = job.RuntimeStatus switch
            {
                OrchestrationRuntimeStatus.Terminated => "was terminated",
                OrchestrationRuntimeStatus.Failed => $"failed ({job.FailureDetails?.ErrorMessage})",
                _ => "completed without settling every hold",
            },
        };
    }

    private HoldReleaseInput Orphan(HeldJob job) => new()
    {
        JobInstanceId = job.JobInstanceId,
        Team = job.Team,
        Environment = job.Environment,
        Policy = options.Policy,
        Reason = "was no longer found (its instance was purged)",
    };

    /// <summary>A job holding money: its team, the environment whose quota holds some of it, and its newest hold's time (null: unknown).</summary>
    private sealed record HeldJob(string JobInstanceId, string Team, Core.Jobs.JobEnvironment? Environment, DateTime? HeldSince);
}

/// <summary>What a sweep found: jobs holding money, and the releases it started (or found running).</summary>
public sealed record HoldSweep(int JobsHolding, IReadOnlyList<string> ReleasesStarted);
