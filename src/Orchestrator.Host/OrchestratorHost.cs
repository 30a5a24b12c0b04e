using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Core.Moderation;
using Orchestrator.Host.BulkQueue;
using Orchestrator.Host.Configuration;
using Orchestrator.Host.Budgets;
using Orchestrator.Host.Health;
using Orchestrator.Host.Holds;
using Orchestrator.Host.Jobs;
using Orchestrator.Host.Management;
using Orchestrator.Host.Monitor;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Quotes;
using Orchestrator.Host.Reports;
using Orchestrator.Host.Security;
using Orchestrator.Host.Webhooks;
using Orchestrator.Workflow;
using Orchestrator.Workflow.Access;

namespace Orchestrator.Host;

/// <summary>
/// The local host's composition: the job workflow on the embedded engine (from configuration), then the host's own
/// services (API keys, problem details, OpenAPI, the bulk queue listener, the hold sweep, health) and every endpoint and the monitor.
/// </summary>
public static class OrchestratorHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        LocalSettingsFile.AddTo(builder.Configuration, Path.Combine(Directory.GetCurrentDirectory(), LocalSettingsFile.FileName));
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(OrchestratorHostOptions.SectionName).Get<OrchestratorHostOptions>() ?? new OrchestratorHostOptions();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Services.AddJobWorkflow(builder.Configuration);
        AddServices(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<IInstanceOwnership, JobOwnership>();
        builder.Services.TryAddSingleton(sp => new LocalModerationPolicy(sp.GetRequiredService<ModerationOptions>()));
        BulkQueues.AddTo(builder.Services, builder.Configuration);
        HoldSweeper.AddTo(builder.Services, builder.Configuration);
        WebhookDeliverySweeper.AddTo(builder.Services, builder.Configuration);
        HostHealth.AddTo(builder.Services);
        var app = builder.Build();
        app.Services.GetRequiredService<ApiKeyRegistry>().WarnIfEmpty(app.Logger);
        MapEndpoints(app);
        return app;
    }

    /// <summary>What every endpoint relies on: options, JSON, problem details, API keys, OpenAPI, links, instance access.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrchestratorHostOptions>().Bind(configuration.GetSection(OrchestratorHostOptions.SectionName));
        services.ConfigureHttpJsonOptions(json => HostJson.Configure(json.SerializerOptions));
        ProblemDetailsSetup.AddTo(services);
        ApiKeyAuthenticationHandler.AddTo(services, configuration);
        OpenApiSetup.AddTo(services);
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<InstanceAccess>();
    }

    public static void MapEndpoints(WebApplication app)
    {
        UseCommon(app);
        MonitorFiles.Use(app);
        app.MapOpenApi(OpenApiSetup.DocumentPath);
        HostHealth.Map(app);
        JobEndpoints.Map(app);
        QuoteEndpoints.Map(app);
        BudgetEndpoints.Map(app);
        CostReportEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        ManagementEndpoints.Map(app);
    }

    /// <summary>The middleware every endpoint relies on: problem details for errors, then API key authentication.</summary>
    public static void UseCommon(WebApplication app)
    {
        ProblemDetailsSetup.Use(app);
        app.UseAuthentication();
        app.UseAuthorization();
    }
}
