using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Holds;

namespace Orchestrator.Host.Holds;

/// <summary>
/// Runs the hold sweep (<see cref="JobHolds.SweepAsync"/>) when the host starts and then every
/// Orchestrator:Workflow:HoldSweep:Interval: jobs terminated behind the host's back (straight through the durable client)
/// or failed by a defect get their holds released; those whose instance was purged, after the grace period.
/// </summary>
public sealed partial class HoldSweeper(JobHolds holds, WorkflowOptions options, TimeProvider time, ILogger<HoldSweeper> logger)
    : PeriodicSweeper("Hold sweep", options.HoldSweep.Interval, time, logger)
{
    /// <summary>Adds the sweep unless Orchestrator:Workflow:HoldSweep:Enabled is false.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration) =>
        AddUnlessDisabled<HoldSweeper>(services, configuration, nameof(WorkflowOptions.HoldSweep));

    protected override async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var sweep = await holds.SweepAsync(cancellationToken);
        if (sweep.ReleasesStarted.Count > 0)
        {
            Log.Released(Logger, sweep.ReleasesStarted.Count, sweep.JobsHolding, string.Join(", ", sweep.ReleasesStarted));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Hold sweep: started the release of {Count} ended job(s) of {Holding} holding money: {Releases}.")]
        public static partial void Released(ILogger logger, int count, int holding, string releases);
    }
}
