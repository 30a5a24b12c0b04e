using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Durable.Hosting;
using Orchestrator.Host.BulkQueue;
using Orchestrator.Host.Problems;
using Orchestrator.Storage;

namespace Orchestrator.Host.Health;

/// <summary>
/// GET /health (no key needed): the engine's store answers, and storage answers (with the bulk queue's depth). 200 with
/// each check's status and description as JSON when healthy; otherwise 503 problem details naming what does not answer,
/// with the same checks.
/// </summary>
public static class HostHealth
{
    public const string Path = "/health";

    public static void AddTo(IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DurableStoreCheck>("durable-store").AddCheck<StorageCheck>("storage");

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
        {
            status = entry.Value.Status.ToString(),
            description = entry.Value.Description,
            data = entry.Value.Data,
        });
        if (report.Status == HealthStatus.Unhealthy)
        {
            var failing = report.Entries.Where(entry => entry.Value.Status == HealthStatus.Unhealthy).Select(entry => $"{entry.Key}: {entry.Value.Description}");
            return ApiProblems.Unavailable($"Not everything the host needs answers; {string.Join("; ", failing)}", new() { ["checks"] = checks }).ExecuteAsync(http);
        }
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, new { status = report.Status.ToString(), checks }, cancellationToken: http.RequestAborted);
    }

    private sealed class DurableStoreCheck(DurableEngineClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await client.GetInstanceAsync("health-probe", cancellationToken);
                return HealthCheckResult.Healthy("The engine's SQLite store answers.");
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                return HealthCheckResult.Unhealthy($"The engine's store does not answer: {e.Message}");
            }
        }
    }

    private sealed class StorageCheck(BulkQueues queues) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var properties = (await queues.Queue.GetPropertiesAsync(cancellationToken)).Value;
                return HealthCheckResult.Healthy("Storage answers.", new Dictionary<string, object> { ["bulkQueueDepth"] = properties.ApproximateMessagesCount });
            }
            catch (Exception e) when (e is StorageRequestFailedException { IsNotFound: true })
            {
                return HealthCheckResult.Healthy("Storage answers; the bulk queue is not created yet.");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Unhealthy, not thrown: the health service would log every probe's failure with its stack trace.
                return HealthCheckResult.Unhealthy($"Storage does not answer: {StorageFailure.Describe(e)}");
            }
        }
    }
}
