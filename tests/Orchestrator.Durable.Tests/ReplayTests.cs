using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine;
using Orchestrator.Durable.History;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class ReplayTests
{
    private static void Tasks(DurableTaskRegistry r) => r
        .AddActivityFunc<int, int>("Double", (_, x) => x * 2)
        .AddOrchestratorFunc<int, int[]>("Chain", async (ctx, seed) =>
        {
            var seen = new List<int>();
            int value = seed;
            for (int i = 0; i < 5; i++)
            {
                value = await ctx.CallActivityAsync<int>("Double", value);
                seen.Add(value);
            }
            int[] parallel = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => ctx.CallActivityAsync<int>("Double", value + i)));
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(10), CancellationToken.None);
            return [.. seen, .. parallel, ctx.NewGuid().GetHashCode() == ctx.NewGuid().GetHashCode() ? 0 : 1];
        });

    [Fact]
    public async Task An_orchestration_rebuilt_from_the_store_at_every_step_gives_the_same_result_and_schedules_as_a_cached_one()
    {
        await using TestEngine cached = await TestEngine.StartAsync(Tasks);
        await using TestEngine replaying = await TestEngine.StartAsync(Tasks, o => o with { MaxCachedOrchestrations = 0 });

        OrchestrationMetadata a = await cached.RunAsync("Chain", 1, "same-id");
        OrchestrationMetadata b = await replaying.RunAsync("Chain", 1, "same-id");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, b.RuntimeStatus);
        Assert.Equal([2, 4, 8, 16, 32, 66, 68, 70, 1], b.ReadOutputAs<int[]>()!);
        Assert.Equal(a.SerializedOutput, b.SerializedOutput);
        IReadOnlyList<HistoryEvent> historyA = await cached.Client.GetHistoryAsync("same-id");
        IReadOnlyList<HistoryEvent> historyB = await replaying.Client.GetHistoryAsync("same-id");
        // Completions of parallel work may group into steps differently; what was scheduled, with which ids, may not.
        Assert.Equal(Shape(historyA.Where(ReplayMatching.IsSchedulingEvent)), Shape(historyB.Where(ReplayMatching.IsSchedulingEvent)));
        Assert.Equal(historyA.Count(e => e is TaskCompletedEvent), historyB.Count(e => e is TaskCompletedEvent));
    }

    [Fact]
    public async Task Replaying_every_prefix_of_a_recorded_history_reproduces_exactly_the_actions_of_the_next_step()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        await engine.RunAsync("Chain", 3, "recorded");
        IReadOnlyList<HistoryEvent> history = await engine.Client.GetHistoryAsync("recorded");
        var registry = new DurableTaskRegistry();
        Tasks(registry);
        var settings = new ExecutionSettings(JsonDataConverter.Default, NullLoggerFactory.Instance, TimeSpan.FromDays(3));
        int[] stepEnds = history.Select((e, i) => (e, i)).Where(x => x.e is OrchestratorCompletedEvent).Select(x => x.i).ToArray();
        Assert.True(stepEnds.Length >= 8, $"expected many steps, got {stepEnds.Length}");

        for (int s = 0; s < stepEnds.Length - 1; s++)
        {
            // Rebuild from the first s+1 steps, then feed the next step's inputs: the actions must be the recorded ones.
            var executor = new OrchestrationExecutor("Chain", "recorded", "x", null, registry.Orchestrators["Chain"](null!), settings);
            executor.Replay(history.Take(stepEnds[s] + 1));
            HistoryEvent[] next = history.Skip(stepEnds[s] + 1).Take(stepEnds[s + 1] - stepEnds[s]).ToArray();
            HistoryEvent[] inputs = next.Skip(1).Where(e => !ReplayMatching.IsSchedulingEvent(e) && e is not (OrchestratorCompletedEvent or ExecutionCompletedEvent)).ToArray();
            OrchestrationStep step = executor.Execute(inputs, next[0].Timestamp);
            Assert.Equal(next.Where(ReplayMatching.IsSchedulingEvent).Select(Describe), step.Actions.Select(Describe));
        }
    }

    [Fact]
    public async Task A_changed_orchestrator_fails_its_running_instances_with_a_clear_non_determinism_error()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Charge", (_, x) => x)
            .AddOrchestratorFunc<string, string>("Order", async (ctx, x) =>
            {
                await ctx.CallActivityAsync<string>("Charge", x);
                return await ctx.WaitForExternalEvent<string>("Approved");
            }));
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Order", "o-1");
        await Eventually.TrueAsync(async () => (await engine.Client.GetHistoryAsync(id)).OfType<TaskCompletedEvent>().Any(), "the first activity completed");

        // A new deployment swaps the first activity for another: the recorded history no longer matches.
        await engine.RestartAsync(r => r
            .AddActivityFunc<string, string>("Refund", (_, x) => x)
            .AddOrchestratorFunc<string, string>("Order", async (ctx, x) =>
            {
                await ctx.CallActivityAsync<string>("Refund", x);
                return await ctx.WaitForExternalEvent<string>("Approved");
            }), o => o with { WorkerId = "deployment-2", LeaseDuration = TimeSpan.FromMilliseconds(500) });
        await engine.Client.RaiseEventAsync(id, "Approved", "yes");
        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("activity 'Charge'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'Refund'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private static string[] Shape(IEnumerable<HistoryEvent> history) => history.Select(Describe).ToArray();

    private static string Describe(HistoryEvent e) => $"{e.EventType}#{e.EventId}:{ReplayMatching.Describe(e)}";
}
