using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Durable.Hosting;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Holds;
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
    /// budgets, the job, budget, hold and cost-report services) and the embedded engine running the orchestrations, their
    /// activities and the budget entity. Nothing HTTP: the host adds its endpoints.
    /// </summary>
    public static IServiceCollection AddJobWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddJobWorkflowServices(configuration);
        var engine = (configuration.GetSection(DurableSectionName).Get<DurableEngineOptions>() ?? new DurableEngineOptions())
            with { DataConverter = WorkflowJson.DataConverter };
        services.AddSingleton<JobHolds>();
        return services.AddDurableEngine(engine, RegisterTasks);
    }

    /// <summary>The orchestrations, activities and entity under their <see cref="WorkflowNames"/>.</summary>
    public static void RegisterTasks(DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddOrchestrator<JobOrchestration>(WorkflowNames.JobOrchestration)
            .AddOrchestrator<ReleaseJobHolds>(WorkflowNames.ReleaseJobHolds)
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
            .AddActivity<FindCostRow>()
            .AddActivity<CloseSubmission>()
            .AddEntity<TeamBudget>(WorkflowNames.TeamBudgetEntity);
    }
}
