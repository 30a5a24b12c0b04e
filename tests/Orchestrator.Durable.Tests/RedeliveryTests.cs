using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;
using Orchestrator.Durable.Store;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class RedeliveryTests
{
    [Fact]
    public async Task An_activity_abandoned_at_shutdown_is_redelivered_and_one_that_never_completes_is_failed_as_poison()
    {
        int deliveries = 0;
        var started = new SemaphoreSlim(0);
        void Tasks(DurableTaskRegistry r) => r
            .AddActivityFunc<string, string>("Hang", async (_, _) =>
            {
                Interlocked.Increment(ref deliveries);
                started.Release();
                await Task.Delay(Timeout.Infinite);
                return "unreachable";
            })
            .AddOrchestratorFunc<string, string>("Stuck", async (ctx, x) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Hang", x);
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorType;
                }
            });
        DurableEngineOptions Limited(DurableEngineOptions o) => o with { MaxActivityDeliveries = 2 };
        await using TestEngine engine = await TestEngine.StartAsync(Tasks, Limited);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Stuck", "x");

        for (int delivery = 1; delivery <= 2; delivery++)
        {
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(60)), $"delivery {delivery} never started");
            using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await engine.Engine.StopAsync(shutdownTimeout.Token);
            await engine.RestartAsync(Tasks, Limited);
        }
        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(2, deliveries);
        Assert.Equal("Orchestrator.Durable.PoisonActivity", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_activity_still_running_during_a_graceful_stop_keeps_its_lease_and_no_other_worker_runs_it()
    {
        TimeSpan lease = TimeSpan.FromSeconds(3);
        int deliveries = 0;
        var started = new SemaphoreSlim(0);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Tasks(DurableTaskRegistry r) => r
            .AddActivityFunc<string, string>("Render", async (_, x) =>
            {
                Interlocked.Increment(ref deliveries);
                started.Release();
                await finish.Task;
                return x + " rendered";
            })
            .AddOrchestratorFunc<string, string>("RenderOne", (ctx, x) => ctx.CallActivityAsync<string>("Render", x));
        await using TestEngine first = await TestEngine.StartAsync(Tasks, o => o with { LeaseDuration = lease });
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("RenderOne", "clip");
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(60)), "the activity never started");
        await using DurableEngine second = await first.StartSecondWorkerAsync(Tasks, o => o with { LeaseDuration = lease });

        long stopBegan = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task stopping = first.Engine.StopAsync(shutdownTimeout.Token);

        try
        {
            // A full lease term after the stop began, the stopping worker still holds a live lease: it kept renewing it.
            using var store = new SqliteStore(first.DatabasePath, synchronousFull: false);
            await Eventually.TrueAsync(() => Task.FromResult(store.Read(db =>
            {
                long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
                using var reader = db.Query("SELECT lease_owner, lease_expires FROM activities");
                return now > stopBegan + (long)lease.TotalMilliseconds + 500 && reader.Read()
                    && !reader.IsDBNull(0) && reader.GetString(0) == first.Engine.WorkerId && reader.GetInt64(1) > now;
            })), "the stopping worker's activity lease outlived its first term");
            Assert.Equal(1, deliveries);
        }
        finally
        {
            finish.SetResult(); // lets every delivery end, so both engines can stop even when the test fails
        }
        await stopping;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        OrchestrationMetadata result = await second.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal("clip rendered", result.ReadOutputAs<string>());
        Assert.Equal(1, deliveries);
    }
}
