using System.Collections.Concurrent;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;

namespace Orchestrator.Durable.Tests;

public sealed class MultiEngineTests
{
    [Fact]
    public async Task Two_engines_on_one_database_file_share_the_work_without_running_anything_twice()
    {
        var runs = new ConcurrentDictionary<string, int>();
        void Tasks(DurableTaskRegistry r) => r
            .AddActivityFunc<int, int>("Step", (context, x) =>
            {
                runs.AddOrUpdate(((Engine.EngineActivityContext)context).IdempotencyKey, 1, (_, n) => n + 1);
                return x + 1;
            })
            .AddOrchestratorFunc<int, int>("Work", async (ctx, x) =>
            {
                for (int i = 0; i < 3; i++)
                {
                    x = await ctx.CallActivityAsync<int>("Step", x);
                }
                return x;
            });
        await using TestEngine first = await TestEngine.StartAsync(Tasks);
        await using DurableEngine second = await first.StartSecondWorkerAsync(Tasks);

        // Instances are started through both engines; a third of them only become due later, for either engine to poll.
        string[] ids = await Task.WhenAll(Enumerable.Range(0, 90).Select(i =>
            (i % 2 == 0 ? first.Client : second.Client).ScheduleNewOrchestrationInstanceAsync("Work", i,
                new StartOrchestrationOptions($"shared-{i}", i % 3 == 0 ? TimeProvider.System.GetUtcNow().AddMilliseconds(200) : null))));
        OrchestrationMetadata[] results = await Task.WhenAll(ids.Select(first.CompletionAsync));

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(Enumerable.Range(3, 90), results.Select(r => r.ReadOutputAs<int>()).Order());
        Assert.Equal(270, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
    }
}
