using Orchestrator.Durable.Engine;
using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable.CrashHost;

/// <summary>
/// The crash test's workload: sequential and parallel activities with side effects, a durable timer and an entity
/// call per instance. Shared by the child host (which runs it) and the test (which checks its effects).
/// </summary>
public static class CrashWorkload
{
    public const string Orchestrator = "CrashWorkflow";
    public const int SequentialSteps = 5;
    public const int ParallelSteps = 3;
    public static readonly EntityInstanceId Tally = new("Tally", "all");

    public static void Register(DurableTaskRegistry registry, EffectLedger ledger) => registry
        .AddEntity<TallyEntity>("Tally")
        .AddActivityFunc<int, int>("Effect", async (context, value) =>
        {
            await ledger.RecordAsync(((EngineActivityContext)context).IdempotencyKey, context.InstanceId);
            return value + 1;
        })
        .AddOrchestratorFunc<int, int>(Orchestrator, async (ctx, seed) =>
        {
            int value = seed;
            for (int i = 0; i < SequentialSteps; i++)
            {
                value = await ctx.CallActivityAsync<int>("Effect", value);
            }
            int[] fanned = await Task.WhenAll(Enumerable.Range(0, ParallelSteps).Select(_ => ctx.CallActivityAsync<int>("Effect", value)));
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            await ctx.Entities.CallEntityAsync<int>(Tally, "Add", 1);
            return fanned.Sum();
        });

    /// <summary>The output an instance started with <paramref name="seed"/> must produce.</summary>
    public static int Expected(int seed) => ParallelSteps * (seed + SequentialSteps + 1);

    public sealed class TallyEntity : TaskEntity<int>
    {
        public int Add(int amount) => State += amount;
    }
}
