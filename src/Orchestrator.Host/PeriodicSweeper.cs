using Orchestrator.Workflow.Configuration;

namespace Orchestrator.Host;

/// <summary>
/// A sweep the host runs when it starts and then every interval, from the injected clock. A run that fails (storage or the
/// engine not ready, an outage) is one warning line and the next run tries again: a sweep never ends the host.
/// </summary>
public abstract partial class PeriodicSweeper : BackgroundService
{
    private readonly string name;
    private readonly TimeSpan interval;
    private readonly TimeProvider time;

    protected PeriodicSweeper(string name, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        this.name = name;
        this.interval = interval;
        this.time = time;
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>Adds <typeparamref name="TSweeper"/> unless Orchestrator:Workflow:{section}:Enabled is false.</summary>
    protected static void AddUnlessDisabled<TSweeper>(IServiceCollection services, IConfiguration configuration, string section)
        where TSweeper : PeriodicSweeper
    {
        if (configuration.GetValue($"{WorkflowOptions.SectionName}:{section}:Enabled", defaultValue: true))
        {
            services.AddHostedService<TSweeper>();
        }
    }

    /// <summary>One run of the sweep.</summary>
    protected abstract Task SweepOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.Failed(Logger, name, StorageFailure.Describe(e));
            }
            catch (Exception)
            {
                return; // stopping: storage may be going away with the host; the next start sweeps
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(31, LogLevel.Warning, "{Sweep} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string sweep, string reason);
    }
}
