using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Durable.Hosting;
using Orchestrator.Host.BulkQueue;
using Orchestrator.Storage;

namespace Orchestrator.Host.Health;

/// <summary>
/// GET /health (no key needed): the engine's store answers, and storage answers (with the bulk queue's depth). 200 when
/// healthy, 503 otherwise, with each check's status and description as JSON.
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
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
            {
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                data = entry.Value.Data,
            }),
        }, cancellationToken: http.RequestAborted);
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
            catch (Exception e) when (e is StorageRequestFailedException or HttpRequestException)
            {
                return HealthCheckResult.Unhealthy($"Storage does not answer: {e.Message}");
            }
        }
    }
}
