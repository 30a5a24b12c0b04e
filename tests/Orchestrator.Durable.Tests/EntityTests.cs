using Orchestrator.Durable.Client;
using Orchestrator.Durable.Client.Entities;
using Orchestrator.Durable.Entities;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class EntityTests
{
    private static readonly EntityInstanceId Budget = new("Counter", "team-a");

    private static void Tasks(DurableTaskRegistry r) => r
        .AddEntity<Counter>()
        .AddEntity<Counter>("audit")
        .AddOrchestratorFunc<int, int>("AddOne", (ctx, amount) => ctx.Entities.CallEntityAsync<int>(Budget, "add", amount))
        .AddOrchestratorFunc<string, string>("LockThenFail", async (ctx, _) =>
        {
            await using IAsyncDisposable held = await ctx.Entities.LockEntitiesAsync(Budget);
            await ctx.Entities.CallEntityAsync<int>(Budget, "Add", 1);
            throw new InvalidOperationException("crash inside the critical section");
        })
        .AddOrchestratorFunc<string, string>("LockAndWait", async (ctx, _) =>
        {
            await using IAsyncDisposable held = await ctx.Entities.LockEntitiesAsync(Budget);
            return await ctx.WaitForExternalEvent<string>("never");
        })
        .AddOrchestratorFunc<string, int>("LockAndAdd", async (ctx, _) =>
        {
            await using (await ctx.Entities.LockEntitiesAsync(Budget))
            {
                Assert.True(ctx.Entities.InCriticalSection(out IReadOnlyList<EntityInstanceId>? locked) && locked.Contains(Budget));
                return await ctx.Entities.CallEntityAsync<int>(Budget, "Add", 10);
            }
        })
        .AddOrchestratorFunc<string, string>("RollBack", async (ctx, _) =>
        {
            try
            {
                await ctx.Entities.CallEntityAsync(Budget, "AddThenFail", 5);
                return "no error";
            }
            catch (EntityOperationFailedException ex)
            {
                return ex.FailureDetails.ErrorMessage;
            }
        });

    [Fact]
    public async Task Two_hundred_concurrent_callers_each_see_a_distinct_count_and_no_update_is_lost()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        string[] ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => engine.Client.ScheduleNewOrchestrationInstanceAsync("AddOne", 1)));
        OrchestrationMetadata[] results = await Task.WhenAll(ids.Select(engine.CompletionAsync));

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(Enumerable.Range(1, 200), results.Select(r => r.ReadOutputAs<int>()).Order());
        EntityMetadata<int>? entity = await engine.Client.Entities.GetEntityAsync<int>(Budget);
        Assert.Equal(200, entity!.State);
    }

    [Fact]
    public async Task A_failing_operation_rolls_its_state_back_and_reports_the_error_to_the_caller()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        await engine.RunAsync("AddOne", 7);

        OrchestrationMetadata result = await engine.RunAsync("RollBack", "x");

        Assert.Equal("budget exceeded", result.ReadOutputAs<string>());
        Assert.Equal(7, (await engine.Client.Entities.GetEntityAsync<int>(Budget))!.State);
    }

    [Fact]
    public async Task Signals_from_clients_and_entities_are_applied_and_the_state_is_readable()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        await engine.Client.Entities.SignalEntityAsync(Budget, "Add", 5);
        await engine.Client.Entities.SignalEntityAsync(Budget, "Reset");

        await Eventually.TrueAsync(async () => await engine.Client.Entities.GetEntityAsync(new EntityInstanceId("audit", "team-a")) is not null, "the entity signalled the audit entity");

        EntityMetadata? budget = await engine.Client.Entities.GetEntityAsync(Budget);
        Assert.Equal(0, budget!.State.ReadAs<int>());
        Assert.Null(await engine.Client.Entities.GetEntityAsync(new EntityInstanceId("Counter", "nobody")));
        Assert.Equal(2, await CountAsync(engine.Client.Entities.GetAllEntitiesAsync()));
    }

    [Fact]
    public async Task A_lock_is_released_when_its_orchestration_fails_inside_the_critical_section()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        OrchestrationMetadata failed = await engine.RunAsync("LockThenFail", "x");
        OrchestrationMetadata next = await engine.RunAsync("LockAndAdd", "y");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, next.RuntimeStatus);
        Assert.Equal(11, next.ReadOutputAs<int>());
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(Budget))!.LockedBy is null, "the lock was released");
    }

    [Fact]
    public async Task A_lock_is_released_when_its_orchestration_is_terminated_and_operations_waiting_on_it_then_run()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        string holder = await engine.Client.ScheduleNewOrchestrationInstanceAsync("LockAndWait", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(Budget))?.LockedBy == holder, "the lock was granted");

        // While locked, other callers wait in the entity's queue.
        string waiting = await engine.Client.ScheduleNewOrchestrationInstanceAsync("AddOne", 3);
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await engine.Client.GetInstanceAsync(waiting))!.RuntimeStatus);

        await engine.Client.TerminateInstanceAsync(holder, "operator stop");
        OrchestrationMetadata result = await engine.CompletionAsync(waiting);

        Assert.Equal(3, result.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await engine.Client.GetInstanceAsync(holder))!.RuntimeStatus);
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(Budget))!.LockedBy is null, "the lock was released");
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items) where T : notnull
    {
        int count = 0;
        await foreach (T _ in items)
        {
            count++;
        }
        return count;
    }
}
