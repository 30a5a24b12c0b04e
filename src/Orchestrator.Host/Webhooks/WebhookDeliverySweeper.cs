using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Host.Webhooks;

/// <summary>
/// Runs the webhook delivery sweep (<see cref="WebhookDeliverySweep.SweepAsync"/>) when the host starts and then every
/// Orchestrator:Workflow:WebhookDeliverySweep:Interval, so the replay table holds only rows a replay check still needs.
/// </summary>
public sealed partial class WebhookDeliverySweeper(WebhookDeliverySweep sweep, WorkflowOptions options, TimeProvider time, ILogger<WebhookDeliverySweeper> logger)
    : PeriodicSweeper("Webhook delivery sweep", options.WebhookDeliverySweep.Interval, time, logger)
{
    /// <summary>Adds the sweep unless Orchestrator:Workflow:WebhookDeliverySweep:Enabled is false.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration) =>
        AddUnlessDisabled<WebhookDeliverySweeper>(services, configuration, nameof(WorkflowOptions.WebhookDeliverySweep));

    protected override async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.SweepAsync(cancellationToken);
        if (result.Deleted > 0)
        {
            Log.Deleted(Logger, result.Deleted, result.More);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Information, "Webhook delivery sweep: deleted {Count} expired row(s) (more left for the next run: {More}).")]
        public static partial void Deleted(ILogger logger, int count, bool more);
    }
}
