using Azure.Core;
using Azure.Core.Serialization;
using Azure.Identity;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Functions.Configuration;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

// The production host: the job workflow on Durable Functions (.NET isolated worker). Settings come from app settings
// (infra/main.bicep; local.settings.sample.json for a local run), vendor keys from Key Vault references.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var unresolvedSecrets = KeyVaultReferences.BlankUnresolved(builder.Configuration);

// Storage with the app's managed identity (AZURE_CLIENT_ID names it in Azure; a developer's sign-in locally, unless a
// connection string is set, which the workflow then prefers).
builder.Services.AddSingleton<TokenCredential>(new DefaultAzureCredential());
builder.Services.AddJobWorkflowServices(builder.Configuration);

// Per-team API keys (Orchestrator:ApiKeys, hashes in app settings), resolved as on the local host and checked at start.
builder.Services.AddApiKeys(builder.Configuration);

// These take a DurableTaskClient, which Durable Functions hands to each function ([DurableClient]) rather than
// registering one: the functions build them per call (FunctionJobs), so they are not left unresolvable in the container.
builder.Services.RemoveAll<IJobService>();
builder.Services.RemoveAll<ITeamBudgetService>();
builder.Services.RemoveAll<VendorWebhookReceiver>();

// Inputs, outputs, custom status, events and entity state in the workflow's JSON (enums as names), as on the local
// engine: the Durable extension takes its data converter from the worker's serializer.
builder.Services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(WorkflowJson.Options));

var host = builder.Build();
var startup = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Functions.Startup");
foreach (var setting in unresolvedSecrets)
{
    KeyVaultReferences.LogUnresolved(startup, setting);
}
host.Services.GetRequiredService<ApiKeyRegistry>().WarnIfEmpty(startup);
await host.RunAsync();
