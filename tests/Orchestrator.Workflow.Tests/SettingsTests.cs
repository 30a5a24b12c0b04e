using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Jobs;
using Orchestrator.Durable.Hosting;
using Orchestrator.Testing;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests;

/// <summary>The workflow's settings bind from the sample file the way hosts bind them, and bad ones are refused at start.</summary>
public sealed class SettingsTests
{
    [Fact]
    public async Task The_sample_settings_bind_and_every_workflow_service_resolves()
    {
        using var file = File.OpenRead(RepoPaths.Combine("local.settings.sample.json"));
        var values = JsonDocument.Parse(file).RootElement.GetProperty("Values").EnumerateObject()
            .Select(pair => new KeyValuePair<string, string?>(pair.Name.Replace("__", ":", StringComparison.Ordinal), pair.Value.GetString()))
            .ToDictionary();
        Assert.Equal("data/orchestrator-durable.db", values["Orchestrator:Durable:DatabasePath"]);
        var folder = Directory.CreateTempSubdirectory("workflow-settings-");
        values["Orchestrator:Durable:DatabasePath"] = Path.Combine(folder.FullName, "durable.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        await using (var services = new ServiceCollection().AddLogging().AddJobWorkflow(configuration).BuildServiceProvider())
        {
            AssertBound(services);
        }
        folder.Delete(recursive: true);
    }

    private static void AssertBound(ServiceProvider services)
    {
        var workflow = services.GetRequiredService<WorkflowOptions>();
        Assert.Equal(new Uri("http://127.0.0.1:7071/api/webhooks/"), workflow.WebhookBaseUrl);
        Assert.Equal(TimeSpan.FromMinutes(90), workflow.RouteTimeouts.Single(entry => entry.Route == "openai/sora-2-pro").Timeout);
        Assert.Equal((1.5, 50, TimeSpan.FromSeconds(5)), (workflow.Policy.PollBackoff, workflow.Policy.PollsPerExecution, workflow.Policy.ReconcileDelay));
        Assert.Null(workflow.Policy.FirstPollDelay);
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), 10_000),
            (workflow.WebhookDeliverySweep.Interval, workflow.WebhookDeliverySweep.Margin, workflow.WebhookDeliverySweep.MaxRowsPerRun));
        var budgets = services.GetRequiredService<BudgetOptions>();
        Assert.Equal((1000m, 25m, 1), (budgets.Team.MonthlyCeilingUsd, budgets.For(JobEnvironment.Sandbox).MonthlyCeilingUsd, budgets.For(JobEnvironment.Sandbox).MaxRegenerations));
        Assert.Equal(TimeSpan.FromSeconds(30), services.GetRequiredService<DurableEngine>().Options.LeaseDuration);
        Assert.Equal("videos-production", WorkflowStorage.ContainerName(workflow.VideoContainerPrefix, JobEnvironment.Production));
        Assert.NotNull(services.GetRequiredService<IJobService>());
        Assert.NotNull(services.GetRequiredService<ITeamBudgetService>());
        Assert.NotNull(services.GetRequiredService<ICostReports>());
        Assert.NotNull(services.GetRequiredService<VendorWebhookReceiver>());
    }

    [Theory]
    [InlineData("Orchestrator:Workflow:WebhookBaseUrl", "http://127.0.0.1:7071/api/webhooks")]
    [InlineData("Orchestrator:Workflow:RouteTimeouts:0:Route", "no/such-route")]
    [InlineData("Orchestrator:Workflow:Policy:PollBackoff", "0.5")]
    [InlineData("Orchestrator:Workflow:WebhookDeliverySweep:MaxRowsPerRun", "0")]
    [InlineData("Orchestrator:Workflow:WebhookDeliverySweep:Margin", "-00:01:00")]
    public void A_setting_that_cannot_work_is_refused_when_the_workflow_starts(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [key] = value,
            ["Orchestrator:Workflow:RouteTimeouts:0:Timeout"] = "00:10:00",
        }).Build();
        using var services = new ServiceCollection().AddJobWorkflowServices(configuration).BuildServiceProvider();

        Assert.Throws<ArgumentException>(() => services.GetRequiredService<WorkflowOptions>());
    }
}
