using System.Diagnostics;
using Orchestrator.Durable;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Hosting;
using Orchestrator.Durable.Store;

namespace Orchestrator.Benchmarks.Durable;

/// <summary>The measurements of the durable suite; each runs a fresh engine on its own database file.</summary>
internal sealed class DurableMeasurements(string folder)
{
    private static readonly EntityInstanceId Counter = new("BenchCounter", "one");

    /// <summary>(a) Single-row write transactions committed per second on this disk, with the engine's settings.</summary>
    public Task<double> RawCommitsPerSecondAsync()
    {
        using var store = new SqliteStore(Path.Combine(folder, "raw.db"), synchronousFull: false);
        using PreparedCommands db = store.Open(writer: true);
        using var checkpointer = new WalCheckpointer(store, TimeSpan.FromMilliseconds(500));
        checkpointer.Start();
        db.Execute("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
        var clock = Stopwatch.StartNew();
        long commits = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            db.Execute("BEGIN IMMEDIATE");
            db.Execute("INSERT INTO raw (payload) VALUES ($p0)", "{\"EventType\":\"TaskCompleted\",\"TaskScheduledId\":3,\"Result\":\"\\\"ok\\\"\"}");
            db.Execute("COMMIT");
            commits++;
        }
        return Task.FromResult(commits / clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// (b) 2,000 instances of five sequential no-op activities, all scheduled at once; five rounds on one engine
    /// after a warm-up, the median round reported (the machine is shared, single rounds are noisy).
    /// </summary>
    public async Task<(double PerSecond, double CommitsPerOrchestration, double StepsPerOrchestration, double CpuMsPerOrchestration)> HelloSequenceAsync()
    {
        const int count = 2000;
        await using DurableEngine engine = await StartAsync("hello.db", r => r
            .AddActivityFunc<string, string>("SayHello", (_, name) => name)
            .AddOrchestratorFunc<string, string>("HelloSequence5", async (ctx, name) =>
            {
                string result = name;
                for (int i = 0; i < 5; i++)
                {
                    result = await ctx.CallActivityAsync<string>("SayHello", result);
                }
                return result;
            }));
        await RunHelloRoundAsync(engine, count); // warm-up: JIT and tiered compilation, SQLite page cache
        var rounds = new List<(double Rate, double Commits, double CpuMs)>();
        for (int round = 0; round < 5; round++)
        {
            long commitsBefore = engine.CommitCount;
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            TimeSpan elapsed = await RunHelloRoundAsync(engine, count);
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            rounds.Add((count / elapsed.TotalSeconds, (engine.CommitCount - commitsBefore) / (double)count, cpuMs / count));
        }
        Console.Write($"[rounds: {string.Join(", ", rounds.Select(r => r.Rate.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}/s] ");
        (double rate, double commits, double cpu) = rounds.OrderBy(r => r.Rate).ElementAt(2);
        string sample = (await engine.Client.GetAllInstancesAsync(new OrchestrationQuery(PageSize: 1)).AsPages().FirstAsync()).Values[0].InstanceId;
        IReadOnlyList<HistoryEvent> history = await engine.Client.GetHistoryAsync(sample);
        // Durable steps: the start, each orchestrator step, each activity result.
        double steps = history.OfType<OrchestratorStartedEvent>().Count() + history.OfType<TaskCompletedEvent>().Count() + 1;
        return (rate, commits, steps, cpu);
    }

    private static async Task<TimeSpan> RunHelloRoundAsync(DurableEngine engine, int count)
    {
        var clock = Stopwatch.StartNew();
        string[] ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i => engine.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence5", $"n{i}")));
        await Task.WhenAll(ids.Select(id => engine.Client.WaitForInstanceCompletionAsync(id)));
        return clock.Elapsed;
    }

    /// <summary>(c) One instance running 2,000 no-op activities one after another.</summary>
    public async Task<double> SequentialActivitiesAsync()
    {
        const int count = 2000;
        await using DurableEngine engine = await StartAsync("sequential.db", r => r
            .AddActivityFunc<int, int>("Next", (_, x) => x + 1)
            .AddOrchestratorFunc<int, int>("Chain", async (ctx, n) =>
            {
                int x = 0;
                for (int i = 0; i < n; i++)
                {
                    x = await ctx.CallActivityAsync<int>("Next", x);
                }
                return x;
            }));
        var clock = Stopwatch.StartNew();
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Chain", count);
        OrchestrationMetadata done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        clock.Stop();
        if (done.ReadOutputAs<int>() != count)
        {
            throw new InvalidOperationException($"The chain ended at {done.ReadOutputAs<int>()}, not {count}.");
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>(d) 20,000 signals to one entity: time from the first signal until the state holds all of them.</summary>
    public async Task<double> EntityOperationsAsync()
    {
        const int count = 20_000;
        await using DurableEngine engine = await StartAsync("entity.db", r => r.AddEntity<BenchCounter>());
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => engine.Client.Entities.SignalEntityAsync(Counter, "Add", 1)));
        for (int state = 0; state != count; state = (await engine.Client.Entities.GetEntityAsync<int>(Counter))?.State ?? 0)
        {
            if (state > count)
            {
                throw new InvalidOperationException($"The entity applied {state} of {count} signals: some twice.");
            }
            await Task.Delay(5);
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// (g) 3,000 orchestrations, all started at once, that each lock one entity and call it inside the critical section:
    /// the workflow's budget reservation pattern under a bulk submission for one team. Critical sections per second, from
    /// the first start until the last orchestration completes; every waiter queues behind the lock at the entity.
    /// </summary>
    public async Task<double> CriticalSectionsAsync()
    {
        const int count = 3000;
        await using DurableEngine engine = await StartAsync("locks.db", r => r
            .AddEntity<BenchCounter>()
            .AddOrchestratorFunc<string, int>("LockAndAdd", async (ctx, _) =>
            {
                await using (await ctx.Entities.LockEntitiesAsync(Counter))
                {
                    await ctx.Entities.CallEntityAsync(Counter, "Add", 1);
                    return 1;
                }
            }));
        var clock = Stopwatch.StartNew();
        string[] ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => engine.Client.ScheduleNewOrchestrationInstanceAsync("LockAndAdd", "x")));
        await Task.WhenAll(ids.Select(id => engine.Client.WaitForInstanceCompletionAsync(id)));
        clock.Stop();
        int state = (await engine.Client.Entities.GetEntityAsync<int>(Counter))?.State ?? 0;
        if (state != count)
        {
            throw new InvalidOperationException($"The entity counted {state} critical sections, not {count}.");
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>(e) 200 timers with staggered due times on an otherwise idle engine; lateness = resume time - due time.</summary>
    public async Task<(double P50, double P99, double Max)> TimerLatenessAsync()
    {
        const int count = 200;
        await using DurableEngine engine = await StartAsync("timers.db", r => r
            .AddOrchestratorFunc<int, string>("Nap", async (ctx, ms) =>
            {
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(ms), CancellationToken.None);
                return "awake";
            }));
        var random = new Random(42);
        var ids = new List<string>();
        for (int i = 0; i < count; i++)
        {
            ids.Add(await engine.Client.ScheduleNewOrchestrationInstanceAsync("Nap", random.Next(200, 3000)));
            await Task.Delay(random.Next(5, 25));
        }
        await Task.WhenAll(ids.Select(id => engine.Client.WaitForInstanceCompletionAsync(id)));
        var lateness = new List<double>();
        foreach (string id in ids)
        {
            List<HistoryEvent> history = [.. await engine.Client.GetHistoryAsync(id)];
            TimerFiredEvent fired = history.OfType<TimerFiredEvent>().Single();
            DateTime resumed = history.Take(history.IndexOf(fired)).OfType<OrchestratorStartedEvent>().Last().Timestamp;
            lateness.Add((resumed - fired.FireAt).TotalMilliseconds);
        }
        lateness.Sort();
        return (Percentile(lateness, 0.50), Percentile(lateness, 0.99), lateness[^1]);
    }

    /// <summary>(f) 10,000 instances waiting on one-hour timers: resident set and managed heap after a full GC.</summary>
    public async Task<(double ResidentMb, double HeapMb)> ParkedMemoryAsync()
    {
        const int count = 10_000;
        await using DurableEngine engine = await StartAsync("parked.db", r => r
            .AddOrchestratorFunc<string, string>("Parked", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                return "never within the benchmark";
            }));
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => engine.Client.ScheduleNewOrchestrationInstanceAsync("Parked", "x")));
        while (await CountAsync(engine.Client, OrchestrationRuntimeStatus.Running) < count)
        {
            await Task.Delay(200);
        }
        await Task.Delay(1000); // let the session cache settle to its limit
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (self.WorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0);
    }

    private async Task<DurableEngine> StartAsync(string file, Action<DurableTaskRegistry> tasks)
    {
        var registry = new DurableTaskRegistry();
        tasks(registry);
        var engine = new DurableEngine(new DurableEngineOptions { DatabasePath = Path.Combine(folder, file) }, registry);
        await engine.StartAsync();
        return engine;
    }

    private static async Task<int> CountAsync(DurableTaskClient client, OrchestrationRuntimeStatus status)
    {
        int n = 0;
        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [status], PageSize: 1000)).AsPages())
        {
            n += page.Values.Count;
        }
        return n;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The benchmark's entity: one counter.</summary>
    public sealed class BenchCounter : TaskEntity<int>
    {
        public void Add(int amount) => State += amount;
    }
}
