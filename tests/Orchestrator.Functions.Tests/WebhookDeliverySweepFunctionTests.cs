using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// The webhook delivery sweep's timer function, read as text: it runs every hour and runs the workflow's own sweep,
/// taken from the container the app builds with AddJobWorkflowServices (which this test builds for real).
/// </summary>
public sealed class WebhookDeliverySweepFunctionTests
{
    private static FunctionDeclaration Sweep => Assert.Single(FunctionSources.WithTrigger("TimerTrigger"), function => function.Name == "SweepWebhookDeliveries");

    [Fact]
    public void The_sweep_runs_every_hour_on_a_six_field_schedule()
    {
        var cron = FunctionSources.TimerSchedule(Sweep);

        Assert.Equal(6, cron.Length);
        Assert.Equal("0", cron[0]);
        Assert.Matches("^([0-9]|[1-5][0-9])$", cron[1]);
        Assert.Equal(["*", "*", "*", "*"], cron[2..]);
    }

    [Fact]
    public void The_sweep_runs_the_workflows_sweep_from_the_apps_container_with_the_invocations_cancellation()
    {
        var file = File.ReadAllText(Path.Combine(FunctionSources.Folder, Sweep.File));
        var program = File.ReadAllText(Path.Combine(FunctionSources.Folder, "Program.cs"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddJobWorkflowServices(configuration).BuildServiceProvider();

        Assert.Contains($"({nameof(WebhookDeliverySweep)} sweep, ILogger<", file, StringComparison.Ordinal);
        Assert.Contains("await sweep.SweepAsync(function.CancellationToken)", Sweep.Text, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddJobWorkflowServices(builder.Configuration);", program, StringComparison.Ordinal);
        Assert.DoesNotContain($"RemoveAll<{nameof(WebhookDeliverySweep)}>", program, StringComparison.Ordinal);
        Assert.NotNull(services.GetRequiredService<WebhookDeliverySweep>());
    }
}
