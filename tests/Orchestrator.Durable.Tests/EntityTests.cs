using Orchestrator.Durable.Client;
using Orchestrator.Durable.Client.Entities;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.Hosting;
using Orchestrator.Durable.Store;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class EntityTests
{
    private static readonly EntityInstanceId Budget = new("Counter", "team-a");

    private static readonly EntityInstanceId Ledger = new("Journal", "team-a");

    private static readonly EntityInstanceId GatedLedger = new("GatedJournal", "team-a");

    private static void Tasks(DurableTaskRegistry r) => r
        .AddEntity<Counter>()
        .AddEntity<Counter>("audit")
        .AddEntity<Journal>()
        .AddEntity<GatedJournal>()
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
        .AddOrchestratorFunc<string, string>("HoldLedgerUntilReleased", async (ctx, _) =>
        {
            await using IAsyncDisposable held = await ctx.Entities.LockEntitiesAsync(Ledger);
            return await ctx.WaitForExternalEvent<string>("release");
        })
        .AddOrchestratorFunc<string, string>("HoldGatedLedgerUntilReleased", async (ctx, _) =>
        {
            await using IAsyncDisposable held = await ctx.Entities.LockEntitiesAsync(GatedLedger);
            return await ctx.WaitForExternalEvent<string>("release");
        })
        .AddOrchestratorFunc<int, int>("LockLedgerAndAppend", async (ctx, value) =>
        {
            await using (await ctx.Entities.LockEntitiesAsync(Ledger))
            {
                return await ctx.Entities.CallEntityAsync<int>(Ledger, "Append", value);
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
    public async Task Three_hundred_orchestrations_that_lock_then_call_one_entity_all_finish_though_more_wait_than_one_batch_reads()
    {
        // More lock requests are deferred in front of the holder's call and release than one entity batch reads (200).
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        string[] ids = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => engine.Client.ScheduleNewOrchestrationInstanceAsync("LockAndAdd", "x")));
        OrchestrationMetadata[] results = await Task.WhenAll(ids.Select(engine.CompletionAsync));

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(Enumerable.Range(1, 300).Select(i => i * 10), results.Select(r => r.ReadOutputAs<int>()).Order());
        Assert.Equal(3000, (await engine.Client.Entities.GetEntityAsync<int>(Budget))!.State);
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(Budget))!.LockedBy is null, "the last lock was released");
    }

    [Fact]
    public async Task Signals_that_arrive_while_locked_run_after_the_release_in_arrival_order_across_several_batches()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks, SmallBatches);
        string holder = await engine.Client.ScheduleNewOrchestrationInstanceAsync("HoldLedgerUntilReleased", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(Ledger))?.LockedBy == holder, "the lock was granted");

        for (int i = 0; i < 35; i++)
        {
            await engine.Client.Entities.SignalEntityAsync(Ledger, "Append", i);
        }
        EntityMetadata? waiting = await Eventually.ValueAsync(
            () => engine.Client.Entities.GetEntityAsync(Ledger), e => e!.BacklogQueueSize == 35, "the signals wait in the entity's queue");
        Assert.False(waiting!.IncludesState, "no signal ran while the entity was locked");

        await engine.Client.RaiseEventAsync(holder, "release", "done");

        await engine.CompletionAsync(holder);
        List<int> order = await Eventually.ValueAsync(
            async () => await engine.Client.Entities.GetEntityAsync<List<int>>(Ledger) is { IncludesState: true } e ? e.State : [], s => s.Count == 35, "every signal ran");
        Assert.Equal(Enumerable.Range(0, 35), order);
    }

    [Fact]
    public async Task Between_batches_after_a_release_a_deferred_message_is_due_in_the_store_so_a_crash_strands_nothing()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks, SmallBatches);
        string holder = await engine.Client.ScheduleNewOrchestrationInstanceAsync("HoldGatedLedgerUntilReleased", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(GatedLedger))?.LockedBy == holder, "the lock was granted");
        for (int i = 0; i < 35; i++)
        {
            await engine.Client.Entities.SignalEntityAsync(GatedLedger, "Append", i);
        }
        using var store = new SqliteStore(engine.DatabasePath, synchronousFull: false);
        // Operations only: the holder's completion also sends a release, which is due and proves nothing here.
        long Count(string condition) => store.Read(db => (long)db.Scalar(
            $"SELECT COUNT(*) FROM messages WHERE target_id = $p0 AND visible_at {condition} $p1 AND payload LIKE '{{\"$type\":\"operation\"%'",
            GatedLedger.ToString(), StoreSchema.Parked)!);
        await Eventually.TrueAsync(() => Task.FromResult(Count("=") == 35), "all 35 signals are deferred");

        await engine.Client.RaiseEventAsync(holder, "release", "done");
        // The first batch after the release (0..9) is committed; the second stops inside the operation on 10.
        await GatedJournal.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        long due = Count("<>");
        GatedJournal.Gate.SetResult();

        Assert.True(due > 0, "every message left was deferred: a crash now would leave the unlocked entity waiting for a new message");
        List<int> order = await Eventually.ValueAsync(
            async () => await engine.Client.Entities.GetEntityAsync<List<int>>(GatedLedger) is { IncludesState: true } e ? e.State : [], s => s.Count == 35, "every signal ran");
        Assert.Equal(Enumerable.Range(0, 35), order);
    }

    [Fact]
    public async Task Lock_requests_deferred_behind_a_lock_are_granted_in_arrival_order_across_several_batches()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks, SmallBatches);
        string holder = await engine.Client.ScheduleNewOrchestrationInstanceAsync("HoldLedgerUntilReleased", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.Entities.GetEntityAsync(Ledger))?.LockedBy == holder, "the lock was granted");

        var waiters = new List<string>();
        for (int i = 0; i < 25; i++)
        {
            // Running means its first step committed, and with it its lock request: the requests arrive in this order.
            string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("LockLedgerAndAppend", i);
            await Eventually.TrueAsync(async () => (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus == OrchestrationRuntimeStatus.Running, $"waiter {i} asked for the lock");
            waiters.Add(id);
        }
        await engine.Client.RaiseEventAsync(holder, "release", "done");
        OrchestrationMetadata[] results = await Task.WhenAll(waiters.Select(engine.CompletionAsync));

        Assert.Equal(Enumerable.Range(1, 25), results.Select(r => r.ReadOutputAs<int>()));
        Assert.Equal(Enumerable.Range(0, 25), (await engine.Client.Entities.GetEntityAsync<List<int>>(Ledger))!.State);
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

    /// <summary>Entity batches of ten messages, so a few dozen messages span several batches.</summary>
    private static DurableEngineOptions SmallBatches(DurableEngineOptions options) => options with { MaxMessagesPerStep = 10 };

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
