using Microsoft.OpenApi;
using Orchestrator.Host.Security;

namespace Orchestrator.Host;

/// <summary>The OpenAPI document (served at /openapi/v1.json): every endpoint, and the API key scheme it is called with.</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static void AddTo(IServiceCollection services) => services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info = new OpenApiInfo
        {
            Title = "Orchestrator",
            Version = "v1",
            Description = "Durable AI-video generation jobs across vendors: start and inspect jobs, quotes, team budgets and cost reports, "
                + "the Durable Functions management API, and vendor webhooks. Send your team's API key in the X-Api-Key header.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "A team's API key (an admin key sees every team).",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }));
}
