using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Durable.Hosting;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Orchestration;

// The one place that knows the embedded engine: the Azure Functions app does not compile this folder.
namespace Orchestrator.Workflow;

/// <summary>Wires the job workflow onto the embedded durable engine (SQLite), for the local host and tests.</summary>
public static class JobWorkflowServiceCollectionExtensions
{
    /// <summary>The engine's settings (DatabasePath, LeaseDuration, PollingInterval, concurrency...).</summary>
    public const string DurableSectionName = "Orchestrator:Durable";

    /// <summary>
    /// Registers everything the job workflow needs from configuration (storage, vendors, moderation, pricing, routing,
    /// budgets, the job, budget and cost-report services) and the embedded engine running the orchestration, its
    /// activities and the budget entity. Nothing HTTP: the host adds its endpoints.
    /// </summary>
    public static IServiceCollection AddJobWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddJobWorkflowServices(configuration);
        var engine = (configuration.GetSection(DurableSectionName).Get<DurableEngineOptions>() ?? new DurableEngineOptions())
            with { DataConverter = WorkflowJson.DataConverter };
        return services.AddDurableEngine(engine, RegisterTasks);
    }

    /// <summary>The orchestration, activities and entity under their <see cref="WorkflowNames"/>.</summary>
    public static void RegisterTasks(DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddOrchestrator<JobOrchestration>(WorkflowNames.JobOrchestration)
            .AddActivity<ValidateJob>()
            .AddActivity<ModerateJob>()
            .AddActivity<RouteJob>()
            .AddActivity<SubmitToVendor>()
            .AddActivity<FindSubmission>()
            .AddActivity<PollVendorJob>()
            .AddActivity<CancelVendorJob>()
            .AddActivity<StoreVideo>()
            .AddActivity<CheckProvenance>()
            .AddActivity<RecordCost>()
            .AddEntity<TeamBudget>(WorkflowNames.TeamBudgetEntity);
    }
}
