using Orchestrator.Durable.Engine;
using Orchestrator.Durable.Entities;

namespace Orchestrator.Durable.CrashHost;

/// <summary>
/// The crash test's workload: an external event, sequential and parallel activities with side effects, a durable
/// timer, a sub-orchestration and an entity call per instance. Shared by the child host (which runs it) and the test
/// (which checks its effects).
/// </summary>
public static class CrashWorkload
{
    public const string Orchestrator = "CrashWorkflow";
    public const string Child = "CrashChild";
    public const string GoEvent = "go";
    public const int SequentialSteps = 5;
    public const int ParallelSteps = 3;
    public static readonly EntityInstanceId Tally = new("Tally", "all");

    public static void Register(DurableTaskRegistry registry, EffectLedger ledger) => registry
        .AddEntity<TallyEntity>("Tally")
        .AddActivityFunc<int, int>("Effect", async (context, value) =>
        {
            // Real work takes time: the process is often killed between the effect and the recorded result.
            await ledger.RecordAsync(((EngineActivityContext)context).IdempotencyKey, context.InstanceId);
            await Task.Delay(Random.Shared.Next(20, 120));
            return value + 1;
        })
        .AddOrchestratorFunc<int, int>(Child, (ctx, value) => ctx.CallActivityAsync<int>("Effect", value))
        .AddOrchestratorFunc<int, int>(Orchestrator, async (ctx, seed) =>
        {
            int value = seed + await ctx.WaitForExternalEvent<int>(GoEvent);
            for (int i = 0; i < SequentialSteps; i++)
            {
                value = await ctx.CallActivityAsync<int>("Effect", value);
            }
            int[] fanned = await Task.WhenAll(Enumerable.Range(0, ParallelSteps).Select(_ => ctx.CallActivityAsync<int>("Effect", value)));
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            int child = await ctx.CallSubOrchestratorAsync<int>(Child, 0, new SubOrchestrationOptions(instanceId: ChildId(ctx.InstanceId)));
            await ctx.Entities.CallEntityAsync<int>(Tally, "Add", 1);
            return fanned.Sum() + child;
        });

    /// <summary>The output an instance started with <paramref name="seed"/> and raised <c>go = 1</c> must produce.</summary>
    public static int Expected(int seed) => (ParallelSteps * (seed + 1 + SequentialSteps + 1)) + 1;

    public static string ChildId(string parentId) => parentId + "-child";

    public sealed class TallyEntity : TaskEntity<int>
    {
        public int Add(int amount) => State += amount;
    }
}
