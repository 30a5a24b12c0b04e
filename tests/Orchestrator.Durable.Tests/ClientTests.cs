using Orchestrator.Durable.Client;
using Orchestrator.Durable.Client.Entities;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.History;
using Orchestrator.Testing;

namespace Orchestrator.Durable.Tests;

public sealed class ClientTests
{
    private static int _runs;

    private static void Tasks(DurableTaskRegistry r) => r
        .AddActivityFunc<string, string>("Count", (_, x) =>
        {
            Interlocked.Increment(ref _runs);
            return x;
        })
        .AddOrchestratorFunc<string, string>("Job", async (ctx, x) =>
        {
            ctx.SetCustomStatus(new { stage = "submitted", vendor = "kling" });
            await ctx.CallActivityAsync<string>("Count", x);
            return await ctx.WaitForExternalEvent<string>("done");
        })
        .AddOrchestratorFunc<string, string>("Quick", (ctx, x) => ctx.CallActivityAsync<string>("Count", x))
        .AddEntity<Counter>();

    [Fact]
    public async Task Starting_an_id_that_is_running_returns_it_without_starting_a_second_execution()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        string first = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "a", new StartOrchestrationOptions("job-1"));
        string second = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "b", new StartOrchestrationOptions("job-1"));
        await Eventually.TrueAsync(async () => (await engine.Client.GetHistoryAsync("job-1")).OfType<TaskCompletedEvent>().Any(), "the job ran its activity");
        await engine.Client.RaiseEventAsync("job-1", "done", "ok");
        OrchestrationMetadata result = await engine.CompletionAsync("job-1");

        Assert.Equal("job-1", first);
        Assert.Equal("job-1", second);
        Assert.Equal("\"a\"", result.SerializedInput);
        Assert.Single((await engine.Client.GetHistoryAsync("job-1")).OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public async Task An_instance_scheduled_for_later_stays_pending_until_then()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        DateTimeOffset startAt = TimeProvider.System.GetUtcNow().AddMilliseconds(800);

        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "later", new StartOrchestrationOptions(StartAt: startAt));
        OrchestrationRuntimeStatus early = (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus;
        OrchestrationMetadata started = await engine.Client.WaitForInstanceStartAsync(id);
        OrchestrationMetadata result = await engine.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, early);
        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.True(result.LastUpdatedAt >= startAt.AddMilliseconds(-5), "the instance ran before its start time");
    }

    [Fact]
    public async Task Status_shows_custom_status_as_json_and_inputs_only_when_asked_and_a_terminate_keeps_it()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "clip-7");
        await Eventually.TrueAsync(async () => (await engine.Client.GetInstanceAsync(id, true))!.SerializedCustomStatus is not null, "the custom status was set");

        OrchestrationMetadata full = (await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
        OrchestrationMetadata bare = (await engine.Client.GetInstanceAsync(id))!;

        Assert.Equal("""{"stage":"submitted","vendor":"kling"}""", full.SerializedCustomStatus);
        Assert.Equal("clip-7", full.ReadInputAs<string>());
        Assert.Null(bare.SerializedInput);
        Assert.Throws<InvalidOperationException>(() => bare.ReadInputAs<string>());
        Assert.Equal("Job", bare.Name);

        await engine.Client.TerminateInstanceAsync(id, "stop");
        OrchestrationMetadata terminated = await engine.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("""{"stage":"submitted","vendor":"kling"}""", terminated.SerializedCustomStatus);
    }

    [Fact]
    public async Task Suspended_instances_hold_their_events_until_resumed_and_terminated_ones_stop()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "x");
        await Eventually.TrueAsync(async () => (await engine.Client.GetHistoryAsync(id)).OfType<TaskCompletedEvent>().Any(), "the job is waiting");

        await engine.Client.SuspendInstanceAsync(id, "operator check");
        await Eventually.TrueAsync(async () => (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");
        await engine.Client.RaiseEventAsync(id, "done", "while suspended");
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus);
        await engine.Client.ResumeInstanceAsync(id);
        OrchestrationMetadata resumed = await engine.CompletionAsync(id);

        string other = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "y");
        await engine.Client.TerminateInstanceAsync(other, "cancelled by user");
        OrchestrationMetadata terminated = await engine.CompletionAsync(other);

        Assert.Equal("while suspended", resumed.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("cancelled by user", terminated.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Queries_filter_by_status_prefix_and_time_and_page_with_continuation_tokens()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        foreach (int i in Enumerable.Range(0, 7))
        {
            await engine.RunAsync("Quick", "q", $"batch-{i}");
        }
        await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "w", new StartOrchestrationOptions("other-1"));

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (Page<OrchestrationMetadata> page in engine.Client.GetAllInstancesAsync(
            new OrchestrationQuery(InstanceIdPrefix: "batch-", Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 3)).AsPages())
        {
            pages.Add(page);
        }
        var running = new List<OrchestrationMetadata>();
        await foreach (OrchestrationMetadata m in engine.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending])))
        {
            running.Add(m);
        }
        var none = new List<OrchestrationMetadata>();
        await foreach (OrchestrationMetadata m in engine.Client.GetAllInstancesAsync(new OrchestrationQuery(CreatedFrom: TimeProvider.System.GetUtcNow().AddHours(1))))
        {
            none.Add(m);
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Values.Count));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"batch-{i}").Order(), pages.SelectMany(p => p.Values).Select(m => m.InstanceId).Order());
        Assert.Null(pages[^1].ContinuationToken);
        Assert.Equal("other-1", Assert.Single(running).InstanceId);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Queries_find_ids_beyond_the_basic_multilingual_plane_with_and_without_a_prefix()
    {
        // The store orders ids by code point (UTF-8 bytes): an emoji sorts above U+FFFF, and the id after a prefix
        // ending in U+1F3FF (a skin tone) starts with U+1F400, not with a lone surrogate.
        string[] ids = ["plain-1", "\uFFFF-last-of-the-plane", "🎬-clip", "👍🏿-a", "👍🏿-b", "🐀-c", "\uD7FF-x", "\uE000-y"];
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        foreach (string id in ids)
        {
            await engine.RunAsync("Quick", "q", id);
            await engine.Client.Entities.SignalEntityAsync(new EntityInstanceId("Counter", id), "Add", 1);
        }
        await Eventually.TrueAsync(async () => await EntityKeysAsync(engine, null) is { Count: 8 }, "every entity ran its signal");

        Assert.Equal(ids.Order(StringComparer.Ordinal), (await InstanceIdsAsync(engine, null)).Order(StringComparer.Ordinal));
        Assert.Equal(["👍🏿-a", "👍🏿-b"], await InstanceIdsAsync(engine, "👍🏿"));
        Assert.Equal(["🎬-clip"], await InstanceIdsAsync(engine, "🎬"));
        Assert.Equal(["\uD7FF-x"], await InstanceIdsAsync(engine, "\uD7FF"));
        Assert.Equal(["\uFFFF-last-of-the-plane"], await InstanceIdsAsync(engine, "\uFFFF"));
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await EntityKeysAsync(engine, null)).Order(StringComparer.Ordinal));
        Assert.Equal(["👍🏿-a", "👍🏿-b"], await EntityKeysAsync(engine, "@counter@👍🏿"));
    }

    private static async Task<List<string>> InstanceIdsAsync(TestEngine engine, string? prefix)
    {
        var ids = new List<string>();
        await foreach (OrchestrationMetadata m in engine.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: prefix, PageSize: 2)))
        {
            ids.Add(m.InstanceId);
        }
        return ids.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> EntityKeysAsync(TestEngine engine, string? prefix)
    {
        var keys = new List<string>();
        await foreach (EntityMetadata e in engine.Client.Entities.GetAllEntitiesAsync(new EntityQuery { InstanceIdStartsWith = prefix, PageSize = 2 }))
        {
            keys.Add(e.Id.Key);
        }
        return keys.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Purge_removes_finished_instances_only()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);
        await engine.RunAsync("Quick", "p", "done-1");
        await engine.RunAsync("Quick", "p", "done-2");
        await engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "w", new StartOrchestrationOptions("busy"));

        PurgeResult one = await engine.Client.PurgeInstanceAsync("done-1");
        PurgeResult busy = await engine.Client.PurgeInstanceAsync("busy");
        PurgeResult rest = await engine.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed]));

        Assert.Equal(1, one.PurgedInstanceCount);
        Assert.Equal(0, busy.PurgedInstanceCount);
        Assert.Equal(1, rest.PurgedInstanceCount);
        Assert.Null(await engine.Client.GetInstanceAsync("done-1"));
        Assert.Empty(await engine.Client.GetHistoryAsync("done-2"));
        Assert.NotNull(await engine.Client.GetInstanceAsync("busy"));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_work()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        await Assert.ThrowsAsync<ArgumentException>(() => engine.Client.ScheduleNewOrchestrationInstanceAsync("Job", "x", new StartOrchestrationOptions("@counter@x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => engine.Client.ScheduleNewOrchestrationInstanceAsync(default(TaskName)));
        await Assert.ThrowsAsync<ArgumentException>(() => engine.Client.RaiseEventAsync("x", ""));
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.Client.WaitForInstanceCompletionAsync("missing"));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (OrchestrationMetadata _ in engine.Client.GetAllInstancesAsync(new OrchestrationQuery(ContinuationToken: "garbage")))
            {
            }
        });
    }

    [Fact]
    public async Task An_unregistered_orchestrator_fails_with_a_clear_message()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        OrchestrationMetadata result = await engine.RunAsync("NoSuchWorkflow", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("No orchestrator named 'NoSuchWorkflow'", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
