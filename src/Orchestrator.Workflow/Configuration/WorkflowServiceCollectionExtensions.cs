using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Provenance;
using Orchestrator.Vendors;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Workflow.Configuration;

/// <summary>
/// Registers what the workflow's orchestration, activities, entity and services need, from configuration, without any
/// durable runtime: the embedded engine's host calls <c>AddJobWorkflow</c> (which adds the engine too); the Azure
/// Functions app calls this and lets Durable Functions run the same classes.
/// </summary>
public static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddJobWorkflowServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Bind<PricingOptions>(configuration, PricingOptions.SectionName));
        services.AddSingleton(Bind<RoutingOptions>(configuration, RoutingOptions.SectionName));
        services.AddSingleton(Bind<ModerationOptions>(configuration, ModerationOptions.SectionName));
        services.AddSingleton(Bind<VendorsOptions>(configuration, VendorsOptions.SectionName));
        services.AddSingleton(Bind<BudgetOptions>(configuration, BudgetOptions.SectionName));
        services.AddSingleton(sp => RouteCatalog.Load(sp.GetRequiredService<RoutingOptions>().RoutesPath));
        services.AddSingleton(sp => RateCatalog.Load(sp.GetRequiredService<PricingOptions>().CatalogPath));
        services.AddSingleton(sp => Bind<WorkflowOptions>(configuration, WorkflowOptions.SectionName).Validated(sp.GetRequiredService<RouteCatalog>()));
        services.AddSingleton(_ => StorageFrom(configuration));
        services.AddSingleton(sp => new CostCalculator(sp.GetRequiredService<RateCatalog>(), sp.GetRequiredService<PricingOptions>()));
        services.AddSingleton(sp => new Router(sp.GetRequiredService<RouteCatalog>(), sp.GetRequiredService<CostCalculator>(), sp.GetRequiredService<RoutingOptions>()));
        services.AddSingleton(sp => new JobRequestVocabulary(sp.GetRequiredService<RouteCatalog>().Ids, sp.GetRequiredService<RateCatalog>().SourceKeys));
        services.AddSingleton(sp => new JobRequestValidator(sp.GetRequiredService<JobRequestVocabulary>()));
        services.AddSingleton(sp => new JobRequestParser(sp.GetRequiredService<JobRequestVocabulary>()));
        // Replays are caught across every host and the Functions app on the same storage, not per process.
        services.TryAddSingleton<IWebhookReplayStore>(sp => new TableWebhookReplayStore(sp.GetRequiredService<WorkflowStorage>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebhookDeliverySweep>();
        services.AddSingleton(sp => new VendorClients(sp.GetRequiredService<VendorsOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IWebhookReplayStore>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ModerationOptions>();
            return new ModerationGate(new LocalModerationPolicy(options), options,
                sp.GetRequiredService<VendorClients>().Moderation(options.RemoteProvider), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<WorkflowOptions>();
            return new C2paValidator(new ProvenanceOptions
            {
                TrustAnchors = ProvenanceOptions.LoadPemCertificates(options.ProvenanceTrustAnchors),
                TimestampAnchors = ProvenanceOptions.LoadPemCertificates(options.ProvenanceTimestampAnchors),
            }, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new WorkflowStorage(sp.GetRequiredService<WorkflowOptions>(), sp.GetRequiredService<StorageOptions>(), sp.GetService<TokenCredential>()));
        services.AddSingleton<SubmissionLog>();
        services.AddSingleton<CostLedger>();
        services.AddSingleton<ICostReports, CostReports>();
        services.AddSingleton<IJobService, JobService>();
        services.AddSingleton<ITeamBudgetService, TeamBudgetService>();
        services.AddSingleton<VendorWebhookReceiver>();
        return services;
    }

    /// <summary>Orchestrator:Storage, else the Functions host's AzureWebJobsStorage, else local Azurite.</summary>
    private static StorageOptions StorageFrom(IConfiguration configuration)
    {
        var storage = Bind<StorageOptions>(configuration, StorageOptions.SectionName);
        return storage.ConnectionString is null && storage.BlobServiceUri is null
            ? storage with { ConnectionString = configuration["AzureWebJobsStorage"] ?? "UseDevelopmentStorage=true" }
            : storage;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() => configuration.GetSection(section).Get<T>() ?? new T();
}
