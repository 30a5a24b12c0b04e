using Orchestrator.Host.Management;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Security;

namespace Orchestrator.Host;

/// <summary>The local host's composition: services from configuration, then the endpoints.</summary>
public static class OrchestratorHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(OrchestratorHostOptions.SectionName).Get<OrchestratorHostOptions>() ?? new OrchestratorHostOptions();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        AddServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

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
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi(OpenApiSetup.DocumentPath);
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
