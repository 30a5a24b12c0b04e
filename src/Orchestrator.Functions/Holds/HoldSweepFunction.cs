using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Workflow.Holds;

namespace Orchestrator.Functions.Holds;

/// <summary>
/// The hold sweep on a timer (every five minutes): releases the holds of jobs that ended without settling them, which in
/// Azure includes every job terminated through the Durable Functions management API (the platform's, not ours), and after
/// the grace period those whose instance was purged. First it releases entity locks left by orchestrations that ended
/// inside a critical section (a job terminated while reserving), which would otherwise block the release's budget calls.
/// </summary>
public sealed partial class HoldSweepFunction(ILogger<HoldSweepFunction> logger)
{
    /// <summary>NCRONTAB with seconds: at second 0 of every fifth minute.</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function("SweepJobHolds")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(function);
        var cleaned = await client.Entities.CleanEntityStorageAsync(
            new CleanEntityStorageRequest { RemoveEmptyEntities = false, ReleaseOrphanedLocks = true }, cancellation: function.CancellationToken);
        var holds = ActivatorUtilities.CreateInstance<JobHolds>(function.InstanceServices, client);
        var sweep = await holds.SweepAsync(function.CancellationToken);
        Log.Swept(logger, sweep.JobsHolding, sweep.ReleasesStarted.Count, cleaned.OrphanedLocksReleased, timer?.IsPastDue == true);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Hold sweep: {Holding} job(s) holding money, {Started} release(s) started, {Locks} orphaned lock(s) released (past due: {PastDue}).")]
        public static partial void Swept(ILogger logger, int holding, int started, int locks, bool pastDue);
    }
}
