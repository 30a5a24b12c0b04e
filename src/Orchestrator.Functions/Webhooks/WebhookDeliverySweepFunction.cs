using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Functions.Webhooks;

/// <summary>
/// The webhook delivery sweep on a timer (hourly): deletes the rows of the replay table whose keep-until passed more than
/// Orchestrator:Workflow:WebhookDeliverySweep:Margin ago, at most MaxRowsPerRun a run, as the local host's sweeper does
/// every Interval. With storage down the run fails, the runtime logs the failed invocation, and the next one tries again.
/// </summary>
public sealed partial class WebhookDeliverySweepFunction(WebhookDeliverySweep sweep, ILogger<WebhookDeliverySweepFunction> logger)
{
    /// <summary>NCRONTAB with seconds: at second 0 of minute 17 of every hour (off the hold sweep's fifth minutes).</summary>
    public const string Schedule = "0 17 * * * *";

    [Function("SweepWebhookDeliveries")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var result = await sweep.SweepAsync(function.CancellationToken);
        Log.Swept(logger, result.Deleted, result.More, timer?.IsPastDue == true);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Webhook delivery sweep: deleted {Deleted} expired row(s) (more left for the next run: {More}; past due: {PastDue}).")]
        public static partial void Swept(ILogger logger, int deleted, bool more, bool pastDue);
    }
}
