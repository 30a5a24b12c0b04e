using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Holds;

/// <summary>
/// Starts <see cref="ReleaseJobHolds"/> for job runs that ended without settling their holds, through the durable client:
/// one job at a time (after a terminate), or all of them (the sweep: every budget entity's reservations, each held run's
/// instance). The release has one instance per run ("{instance id}~{run id}:release-holds"), so starting it twice is
/// harmless: a release that is running is left alone, and one that finished runs again only to find nothing left to do.
/// A run whose instance id is gone, or now holds a later run (the job was purged and its key sent again), is released as
/// the run it was, from what its reservations and the intent log still tell, never from the later run's request.
/// </summary>
public sealed class JobHolds(DurableTaskClient client, WorkflowOptions options, TimeProvider time)
{
    private const string ReleaseSuffix = ":release-holds";

    public static string ReleaseInstanceId(JobRunId run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Key + ReleaseSuffix;
    }

    /// <summary>
    /// Starts the release of the holds of an ended job (the run its instance holds); the release's instance id, or null
    /// when the job is unknown, still runs, or never started a run.
    /// </summary>
    public async Task<string?> ReleaseAsync(string jobInstanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobInstanceId);
        var job = await client.GetInstanceAsync(jobInstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return job is not null && InstanceStates.HasEnded(job.RuntimeStatus) && JobReports.RunOf(job) is { } run
            ? await StartAsync(InputOf(job, run), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Finds every job run holding a reservation and starts the release of those that ended, and of those whose instance
    /// is gone or holds another run once their newest hold is older than <see cref="HoldSweepOptions.UnknownJobGrace"/>.
    /// </summary>
    public async Task<HoldSweep> SweepAsync(CancellationToken cancellationToken = default)
    {
        var held = await HeldRunsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var started = new List<string>();
        foreach (var hold in held)
        {
            var instance = await client.GetInstanceAsync(hold.Run.InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            var current = instance is null ? null : JobReports.RunOf(instance);
            var input = (instance, current) switch
            {
                (not null, _) when current == hold.Run => InstanceStates.HasEnded(instance.RuntimeStatus) ? InputOf(instance, hold.Run) : null,
                // A run that has not reported yet may still be starting: the hold is judged at the next sweep, once it has.
                (not null, null) when InstanceStates.IsActive(instance.RuntimeStatus) => null,
                _ when hold.HeldSince is { } since && now - new DateTimeOffset(since, TimeSpan.Zero) < options.HoldSweep.UnknownJobGrace => null,
                _ => Orphan(hold, instance is not null),
            };
            if (input is not null)
            {
                started.Add(await StartAsync(input, cancellationToken).ConfigureAwait(false));
            }
        }
        return new HoldSweep(held.Count, started);
    }

    /// <summary>The release of a job run's holds as it stands (null when none was started).</summary>
    public async Task<HoldReleaseOutcome?> GetReleaseAsync(JobRunId run, CancellationToken cancellationToken = default)
    {
        var release = await client.GetInstanceAsync(ReleaseInstanceId(run), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            return null;
        }
        return (release.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? release.ReadOutputAs<HoldReleaseOutcome>() : null)
            ?? release.ReadCustomStatusAs<HoldReleaseOutcome>();
    }

    private async Task<string> StartAsync(HoldReleaseInput input, CancellationToken cancellationToken)
    {
        var id = ReleaseInstanceId(input.Run);
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

    /// <summary>Every job run holding money, from the state of every budget entity (team budgets and environment quotas).</summary>
    private async Task<List<HeldRun>> HeldRunsAsync(CancellationToken cancellationToken)
    {
        var runs = new Dictionary<JobRunId, HeldRun>();
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
                var run = runs.TryGetValue(hold.Run, out var seen) ? seen : new HeldRun(hold.Run, TeamBudgetIds.TeamOf(key), null, hold.ReservedAt);
                runs[hold.Run] = run with
                {
                    Environment = TeamBudgetIds.EnvironmentOf(key) ?? run.Environment,
                    HeldSince = run.HeldSince is { } earlier && hold.ReservedAt is { } later ? (later > earlier ? later : earlier) : null,
                };
            }
        }
        return [.. runs.Values];
    }

    /// <summary>The release of <paramref name="run"/>, the run <paramref name="job"/>'s instance holds, from what the instance shows.</summary>
    private HoldReleaseInput InputOf(OrchestrationMetadata job, JobRunId run)
    {
        var started = job.ReadInputAs<JobInput>();
        var report = JobReports.Of(job);
        return new HoldReleaseInput
        {
            Run = run,
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

    /// <summary>The release of a run whose instance is gone (purged), or was started again as a later run after a purge.</summary>
    private HoldReleaseInput Orphan(HeldRun hold, bool instanceReused) => new()
    {
        Run = hold.Run,
        Team = hold.Team,
        Environment = hold.Environment,
        Policy = options.Policy,
        Reason = instanceReused
            ? "was no longer found (its instance was purged, and its instance id now holds a later run)"
            : "was no longer found (its instance was purged)",
    };

    /// <summary>A job run holding money: its team, the environment whose quota holds some of it, and its newest hold's time (null: unknown).</summary>
    private sealed record HeldRun(JobRunId Run, string Team, Core.Jobs.JobEnvironment? Environment, DateTime? HeldSince);
}

/// <summary>What a sweep found: jobs holding money, and the releases it started (or found running).</summary>
public sealed record HoldSweep(int JobsHolding, IReadOnlyList<string> ReleasesStarted);
