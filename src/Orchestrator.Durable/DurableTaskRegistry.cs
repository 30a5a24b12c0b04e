using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable;

/// <summary>
/// The orchestrators, activities and entities an engine can run, by name. Class registrations are created per
/// execution through dependency injection (constructor injection works); names default to the class name.
/// </summary>
public sealed class DurableTaskRegistry
{
    internal Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>> Orchestrators { get; } = [];

    internal Dictionary<TaskName, Func<IServiceProvider, ITaskActivity>> Activities { get; } = [];

    internal Dictionary<TaskName, Func<IServiceProvider, ITaskEntity>> Entities { get; } = [];

    public DurableTaskRegistry AddOrchestrator<TOrchestrator>() where TOrchestrator : class, ITaskOrchestrator
        => AddOrchestrator<TOrchestrator>(typeof(TOrchestrator).Name);

    public DurableTaskRegistry AddOrchestrator<TOrchestrator>(TaskName name) where TOrchestrator : class, ITaskOrchestrator
        => Add(Orchestrators, name, Factory<ITaskOrchestrator>(typeof(TOrchestrator)));

    public DurableTaskRegistry AddOrchestrator(TaskName name, Type type)
        => Add(Orchestrators, name, Factory<ITaskOrchestrator>(type));

    public DurableTaskRegistry AddOrchestrator(TaskName name, ITaskOrchestrator orchestrator)
        => Add(Orchestrators, name, _ => orchestrator);

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(TaskName name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
        => AddOrchestrator(name, new FuncOrchestrator<TInput, TOutput>(orchestrator));

    public DurableTaskRegistry AddOrchestratorFunc<TOutput>(TaskName name, Func<TaskOrchestrationContext, Task<TOutput>> orchestrator)
        => AddOrchestratorFunc<object?, TOutput>(name, (context, _) => orchestrator(context));

    public DurableTaskRegistry AddOrchestratorFunc(TaskName name, Func<TaskOrchestrationContext, Task> orchestrator)
        => AddOrchestratorFunc<object?, object?>(name, async (context, _) =>
        {
            await orchestrator(context);
            return null;
        });

    public DurableTaskRegistry AddActivity<TActivity>() where TActivity : class, ITaskActivity
        => AddActivity<TActivity>(typeof(TActivity).Name);

    public DurableTaskRegistry AddActivity<TActivity>(TaskName name) where TActivity : class, ITaskActivity
        => Add(Activities, name, Factory<ITaskActivity>(typeof(TActivity)));

    public DurableTaskRegistry AddActivity(TaskName name, Type type) => Add(Activities, name, Factory<ITaskActivity>(type));

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        var wrapper = new FuncActivity<TInput, TOutput>(activity);
        return Add(Activities, name, _ => wrapper);
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, TOutput> activity)
        => AddActivityFunc<TInput, TOutput>(name, (context, input) => Task.FromResult(activity(context, input)));

    public DurableTaskRegistry AddEntity<TEntity>() where TEntity : class, ITaskEntity
        => AddEntity<TEntity>(typeof(TEntity).Name);

    public DurableTaskRegistry AddEntity<TEntity>(TaskName name) where TEntity : class, ITaskEntity
        => Add(Entities, name.Name.ToLowerInvariant(), Factory<ITaskEntity>(typeof(TEntity)));

    /// <summary>Registers an entity class; entity names are lower-cased, as in <see cref="EntityInstanceId"/>.</summary>
    public DurableTaskRegistry AddEntity(TaskName name, Type type)
        => Add(Entities, name.Name.ToLowerInvariant(), Factory<ITaskEntity>(type));

    private DurableTaskRegistry Add<T>(Dictionary<TaskName, Func<IServiceProvider, T>> map, TaskName name, Func<IServiceProvider, T> factory)
    {
        if (string.IsNullOrEmpty(name.Name))
        {
            throw new ArgumentException("A task name is required.", nameof(name));
        }
        if (!map.TryAdd(name, factory))
        {
            throw new ArgumentException($"A {typeof(T).Name} named '{name}' is already registered.", nameof(name));
        }
        return this;
    }

    private static Func<IServiceProvider, T> Factory<T>(Type type)
    {
        if (!typeof(T).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type} is not a concrete {typeof(T).Name}.", nameof(type));
        }
        ObjectFactory create = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        return services => (T)create(services, null);
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}
