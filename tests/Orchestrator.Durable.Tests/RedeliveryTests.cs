using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;

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
}
