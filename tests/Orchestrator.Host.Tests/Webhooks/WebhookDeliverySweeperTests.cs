using Orchestrator.Host.Tests.Support;
using Orchestrator.Host.Webhooks;
using Orchestrator.Storage.Local;
using Orchestrator.Testing;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Host.Tests.Webhooks;

/// <summary>
/// The host's webhook delivery sweeper with its storage down (Azurite's ports, nothing listening): each run is one
/// warning line, the next run tries again, and the service stops cleanly; nothing is thrown out of it. The host runs it
/// unless it is turned off.
/// </summary>
public sealed class WebhookDeliverySweeperTests
{
    [Fact]
    public async Task With_storage_down_each_run_logs_one_line_and_the_sweeper_keeps_going_until_stopped()
    {
        var nothingListens = AzuriteFixture.ConnectionStringFor(new AzuritePorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next()));
        var options = new WorkflowOptions { WebhookDeliverySweep = new WebhookDeliverySweepOptions { Interval = TimeSpan.FromSeconds(1) } };
        var storage = new WorkflowStorage(options, new StorageOptions { ConnectionString = nothingListens }, clientOptions: AzuriteFixture.FastRetryOptions());
        using var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        using var sweeper = new WebhookDeliverySweeper(new WebhookDeliverySweep(storage, TimeProvider.System), options, TimeProvider.System,
            loggers.CreateLogger<WebhookDeliverySweeper>());
        List<string> Failures() => logs.Lines.Where(line => line.Contains("Webhook delivery sweep failed: ", StringComparison.Ordinal)).ToList();

        await sweeper.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(Failures().Count >= 2 || sweeper.ExecuteTask!.IsCompleted), "two sweeps have failed (or the sweeper ended)");
        var runningAfterFailures = !sweeper.ExecuteTask!.IsCompleted;
        await sweeper.StopAsync(CancellationToken.None);

        Assert.True(runningAfterFailures, string.Join('\n', logs.Lines));
        Assert.True(sweeper.ExecuteTask.IsCompletedSuccessfully, $"{sweeper.ExecuteTask.Status}: {sweeper.ExecuteTask.Exception}");
        Assert.All(Failures(), line => Assert.StartsWith("Warning ", line, StringComparison.Ordinal));
        // One readable line: the reason, no stack trace.
        Assert.All(Failures(), line => Assert.DoesNotContain("\n", line.TrimEnd(), StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public void The_host_runs_the_sweeper_unless_it_is_disabled(string? enabled, bool added)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Workflow:WebhookDeliverySweep:Enabled"] = enabled,
        }).Build();
        var services = new ServiceCollection();

        WebhookDeliverySweeper.AddTo(services, configuration);

        Assert.Equal(added, services.Any(service => service.ImplementationType == typeof(WebhookDeliverySweeper)));
    }
}
