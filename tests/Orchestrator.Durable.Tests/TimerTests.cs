using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class TimerTests
{
    private static void Tasks(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<int, DateTime>("Sleep", async (ctx, ms) =>
        {
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(ms), CancellationToken.None);
            return ctx.CurrentUtcDateTime;
        });

    [Fact]
    public async Task A_timer_created_before_the_engine_stops_fires_after_a_restart_and_not_before_its_time()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", 1500);
        await Eventually.TrueAsync(async () => (await engine.Client.GetHistoryAsync(id)).OfType<TimerCreatedEvent>().Any(), "the timer was created");

        await engine.RestartAsync(Tasks, o => o with { WorkerId = "after-restart" });
        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        IReadOnlyList<HistoryEvent> history = await engine.Client.GetHistoryAsync(id);
        TimerCreatedEvent created = history.OfType<TimerCreatedEvent>().Single();
        TimerFiredEvent fired = history.OfType<TimerFiredEvent>().Single();
        Assert.Equal(created.EventId, fired.TimerId);
        Assert.True(result.ReadOutputAs<DateTime>() >= created.FireAt, "the orchestration resumed before the timer's time");
    }

    [Fact]
    public async Task Timers_longer_than_the_maximum_interval_are_chained_in_chunks()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks, o => o with { MaximumTimerInterval = TimeSpan.FromSeconds(1) });

        OrchestrationMetadata result = await engine.RunAsync("Sleep", 2500, "long-timer");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        IReadOnlyList<HistoryEvent> history = await engine.Client.GetHistoryAsync("long-timer");
        TimerCreatedEvent[] timers = history.OfType<TimerCreatedEvent>().ToArray();
        DateTime start = history.OfType<OrchestratorStartedEvent>().First().Timestamp;
        // Three chunks when each fires on time; two when a loaded machine wakes the first one more than 500 ms late.
        Assert.InRange(timers.Length, 2, 3);
        Assert.Equal(start.AddMilliseconds(2500), timers[^1].FireAt);
        Assert.All(timers[..^1], t => Assert.Equal(TimeSpan.FromSeconds(1), t.FireAt - t.Timestamp));
        Assert.InRange(timers[^1].FireAt - timers[^1].Timestamp, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_orchestration_that_returns_with_an_uncancelled_timer_stays_running_until_the_timer_fires()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Forgetful", async (ctx, _) =>
            {
                Task slow = ctx.CreateTimer(TimeSpan.FromSeconds(2), CancellationToken.None);
                Task fast = ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                await Task.WhenAny(slow, fast);
                return "done";
            }));
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Forgetful", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.GetHistoryAsync(id)).OfType<TimerFiredEvent>().Any(), "the first timer fired");

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus);
        OrchestrationMetadata result = await engine.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(2, (await engine.Client.GetHistoryAsync(id)).OfType<TimerFiredEvent>().Count());
    }
}
