using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Tests;

public sealed class ContinueAsNewTests
{
    [Fact]
    public async Task An_eternal_loop_with_ContinueAsNew_keeps_its_history_to_one_execution()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<int, int>("Tick", (_, n) => n + 1)
            .AddOrchestratorFunc<int, int>("Loop", async (ctx, n) =>
            {
                int next = await ctx.CallActivityAsync<int>("Tick", n);
                if (next < 50)
                {
                    ctx.ContinueAsNew(next);
                }
                return next;
            }));

        OrchestrationMetadata result = await engine.RunAsync("Loop", 0, "eternal");

        Assert.Equal(50, result.ReadOutputAs<int>());
        IReadOnlyList<HistoryEvent> history = await engine.Client.GetHistoryAsync("eternal");
        Assert.True(history.Count <= 12, $"history holds {history.Count} events");
        Assert.Equal("49", history.OfType<ExecutionStartedEvent>().Single().Input);
    }

    [Fact]
    public async Task Unprocessed_events_are_carried_into_the_next_execution()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<int, string>("Relay", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    await ctx.WaitForExternalEvent<string>("go");
                    ctx.ContinueAsNew(1);
                    return "restarting";
                }
                return await ctx.WaitForExternalEvent<string>("payload");
            }));
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Relay", 0, new StartOrchestrationOptions(StartAt: TimeProvider.System.GetUtcNow().AddMilliseconds(300)));
        await engine.Client.RaiseEventAsync(id, "payload", "kept");
        await engine.Client.RaiseEventAsync(id, "go", "now");

        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal("kept", result.ReadOutputAs<string>());
    }
}
