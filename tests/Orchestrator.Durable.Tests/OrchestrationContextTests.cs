using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Durable.Entities;
using Orchestrator.Durable.Hosting;

namespace Orchestrator.Durable.Tests;

public sealed class OrchestrationContextTests
{
    [Fact]
    public async Task Waiters_for_one_event_name_form_a_stack_the_newest_gets_the_first_event()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("Stack", async (ctx, _) =>
            {
                Task<string> older = ctx.WaitForExternalEvent<string>("ping");
                Task<string> newer = ctx.WaitForExternalEvent<string>("ping");
                await Task.WhenAll(older, newer);
                return $"older={older.Result} newer={newer.Result}";
            }));
        string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Stack", "x");
        await engine.Client.WaitForInstanceStartAsync(id);
        await engine.Client.RaiseEventAsync(id, "ping", "first");
        await engine.Client.RaiseEventAsync(id, "ping", "second");

        Assert.Equal("older=second newer=first", (await engine.CompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task The_replay_safe_logger_writes_each_line_once_although_every_step_replays_from_the_store()
    {
        var lines = new ConcurrentQueue<string>();
        string folder = TestEngine.NewFolder();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(new CollectingLoggerProvider(lines))).BuildServiceProvider();
        var registry = new DurableTaskRegistry()
            .AddActivityFunc<int, int>("Inc", (_, x) => x + 1)
            .AddOrchestratorFunc<int, int>("Logged", async (ctx, x) =>
            {
                ILogger log = ctx.CreateReplaySafeLogger("workflow");
                for (int i = 0; i < 4; i++)
                {
                    x = await ctx.CallActivityAsync<int>("Inc", x);
                    log.LogInformation("step {Step}", i);
                }
                return x;
            });
        await using (var engine = new DurableEngine(TestEngine.Options(folder) with { MaxCachedOrchestrations = 0 }, registry, services,
            services.GetRequiredService<ILoggerFactory>()))
        {
            await engine.StartAsync();
            string id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Logged", 0);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await engine.Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        }

        Assert.Equal(["step 0", "step 1", "step 2", "step 3"], lines.Where(l => l.StartsWith("step", StringComparison.Ordinal)));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Inside_a_critical_section_only_locked_entities_can_be_called_and_sections_do_not_nest()
    {
        var a = new EntityInstanceId("Counter", "a");
        var b = new EntityInstanceId("Counter", "b");
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddEntity<Counter>()
            .AddOrchestratorFunc<string, string[]>("Rules", async (ctx, _) =>
            {
                var errors = new List<string>();
                await using (await ctx.Entities.LockEntitiesAsync(a))
                {
                    try
                    {
                        await ctx.Entities.CallEntityAsync<int>(b, "Add", 1);
                    }
                    catch (InvalidOperationException ex)
                    {
                        errors.Add(ex.Message);
                    }
                    try
                    {
                        await ctx.Entities.LockEntitiesAsync(b);
                    }
                    catch (InvalidOperationException ex)
                    {
                        errors.Add(ex.Message);
                    }
                    try
                    {
                        await ctx.Entities.SignalEntityAsync(a, "Add", 1);
                    }
                    catch (InvalidOperationException ex)
                    {
                        errors.Add(ex.Message);
                    }
                    errors.Add((await ctx.Entities.CallEntityAsync<int>(a, "Add", 5)).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                return [.. errors];
            }));

        string[] result = (await engine.RunAsync("Rules", "x")).ReadOutputAs<string[]>()!;

        Assert.Contains("only locked entities can be called", result[0], StringComparison.Ordinal);
        Assert.Contains("cannot be nested", result[1], StringComparison.Ordinal);
        Assert.Contains("call it instead of signalling it", result[2], StringComparison.Ordinal);
        Assert.Equal("5", result[3]);
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category == "workflow")
                {
                    lines.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
