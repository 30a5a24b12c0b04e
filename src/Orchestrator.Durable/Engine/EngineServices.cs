using Microsoft.Extensions.Logging;
using Orchestrator.Durable.Engine.Dispatch;
using Orchestrator.Durable.Hosting;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Engine;

/// <summary>What the engine's parts share: options, registry, store access, time and logging.</summary>
internal sealed class EngineServices(
    DurableEngineOptions options,
    DurableTaskRegistry registry,
    IServiceProvider serviceProvider,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    StoreReader reader)
{
    private readonly ExecutionSettings _settings = new(options.DataConverter, loggerFactory, options.MaximumTimerInterval);

    public DurableEngineOptions Options => options;

    public DurableTaskRegistry Registry => registry;

    public IServiceProvider ServiceProvider => serviceProvider;

    public StoreReader Reader => reader;

    public StoreWriter Writer { get; set; } = null!;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Orchestrator.Durable.Engine");

    public DataConverter Converter => options.DataConverter;

    public TimeProvider Time => time;

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public OrchestrationExecutor NewExecutor(OrchestrationSession session)
    {
        ITaskOrchestrator? orchestrator = registry.Orchestrators.TryGetValue(session.Name, out Func<IServiceProvider, ITaskOrchestrator>? create)
            ? create(serviceProvider)
            : null;
        ParentOrchestrationInstance? parent = session.Parent is { } p ? new ParentOrchestrationInstance(p.Name, p.InstanceId) : null;
        return new OrchestrationExecutor(session.Name, session.InstanceId, session.ExecutionId, parent, orchestrator, _settings);
    }
}
