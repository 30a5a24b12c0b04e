using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Client.Entities;

namespace Orchestrator.Durable.Hosting;

/// <summary>Registers the embedded engine in a host: the engine (run as a hosted service) and its clients.</summary>
public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine with fixed options. Orchestrators, activities and entities are registered by name in
    /// <paramref name="tasks"/> and created through the container, so they can take constructor dependencies.
    /// </summary>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, DurableEngineOptions options, Action<DurableTaskRegistry> tasks)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddDurableEngine(_ => options, tasks);
    }

    /// <summary>Adds the engine with options computed from the container (e.g. from configuration).</summary>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, Func<IServiceProvider, DurableEngineOptions> options, Action<DurableTaskRegistry> tasks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tasks);
        var registry = new DurableTaskRegistry();
        tasks(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DurableEngine(
            options(sp), registry, sp, sp.GetService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<DurableEngine>().Client);
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DurableEngine>().Client);
        services.AddSingleton<DurableEntityClient>(sp => sp.GetRequiredService<DurableEngine>().Client.Entities);
        services.AddHostedService<DurableEngineHostedService>();
        return services;
    }

    private sealed class DurableEngineHostedService(DurableEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
    }
}
