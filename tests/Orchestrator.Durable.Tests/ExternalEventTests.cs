using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Store;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class ExternalEventTests
{
    private static void Tasks(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<int, string>("Approval", async (ctx, timeoutMs) =>
        {
            try
            {
                return await ctx.WaitForExternalEvent<string>("Approved", TimeSpan.FromMilliseconds(timeoutMs));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        })
        .AddOrchestratorFunc<string, string[]>("Collect", async (ctx, _) =>
        {
            string first = await ctx.WaitForExternalEvent<string>("item");
            string second = await ctx.WaitForExternalEvent<string>("ITEM");
            return [first, second];
        });

    [Fact]
    public async Task An_event_that_arrives_in_time_wins_and_its_timeout_timer_is_cancelled()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        // A one-hour timeout: if the losing timer were not cancelled, the instance could not complete now.
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Approval", 3_600_000);
        await Eventually.TrueAsync(async () => (await engine.Client.GetHistoryAsync(id)).OfType<TimerCreatedEvent>().Any(), "the wait began");

        await engine.Client.RaiseEventAsync(id, "approved", "yes");
        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("yes", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Without_the_event_the_timeout_timer_wins_and_the_wait_is_cancelled()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        OrchestrationMetadata result = await engine.RunAsync("Approval", 200, "no-answer");

        Assert.Equal("timed out", result.ReadOutputAs<string>());
        Assert.Single((await engine.Client.GetHistoryAsync("no-answer")).OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task Events_raised_before_anyone_waits_are_buffered_and_delivered_in_order()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Collect", "x", new StartOrchestrationOptions(StartAt: TimeProvider.System.GetUtcNow().AddMilliseconds(300)));
        await engine.Client.RaiseEventAsync(id, "Item", "a");
        await engine.Client.RaiseEventAsync(id, "item", "b");

        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(["a", "b"], result.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task An_event_raised_with_the_resume_runs_after_the_events_that_waited_through_the_suspension()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Collect", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Running, "the instance runs");
        await engine.Client.SuspendInstanceAsync(id);
        await Eventually.TrueAsync(async () => (await engine.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "the instance is suspended");
        await engine.Client.RaiseEventAsync(id, "item", "a");
        using (var store = new SqliteStore(engine.DatabasePath, synchronousFull: false))
        {
            await Eventually.TrueAsync(() => Task.FromResult(store.Read(db => (long)db.Scalar(
                "SELECT COUNT(*) FROM messages WHERE target_id = $p0 AND visible_at = $p1", id, StoreSchema.Parked)!) == 1), "'a' waits through the suspension");
        }

        // The resume and "b" usually reach the engine in one batch: "b" must still run after "a".
        await Task.WhenAll(engine.Client.ResumeInstanceAsync(id), engine.Client.RaiseEventAsync(id, "item", "b"));
        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(["a", "b"], result.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task Events_for_unknown_or_finished_instances_are_discarded()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        OrchestrationMetadata done = await engine.RunAsync("Approval", 10, "finished");

        await engine.Client.RaiseEventAsync("finished", "Approved", "late");
        await engine.Client.RaiseEventAsync("never-existed", "Approved", "lost");

        Assert.Equal(done.SerializedOutput, (await engine.Client.GetInstanceAsync("finished", true))!.SerializedOutput);
        Assert.Null(await engine.Client.GetInstanceAsync("never-existed"));
    }
}
