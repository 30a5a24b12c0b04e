using System.Diagnostics;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.CrashHost;
using Orchestrator.Durable.Hosting;
using Xunit.Abstractions;

namespace Orchestrator.Durable.Tests;

/// <summary>
/// Kills a child process running the engine with SIGKILL at random moments, several times, then lets a last child
/// finish: every instance (with its event, timer, sub-orchestration and entity call) must complete with the right
/// output, every activity effect must exist exactly once
/// (keyed by its idempotency key) while raw executions are at least once, and the entity saw each call exactly once.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Instances = 60;
    private const int KillRounds = 5;

    [Fact]
    public async Task Killing_the_engine_process_at_random_moments_loses_nothing_and_duplicates_no_effect()
    {
        string folder = Path.Combine(Path.GetTempPath(), "durable-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string engineDb = Path.Combine(folder, "engine.db");
        var ledger = new EffectLedger(Path.Combine(folder, "effects.db"));
        ledger.Create();
        await using var client = new DurableEngine(new DurableEngineOptions { DatabasePath = engineDb, RunWorkers = false }, new DurableTaskRegistry());
        await client.StartAsync();
        string[] ids = await Task.WhenAll(Enumerable.Range(0, Instances).Select(i =>
            client.Client.ScheduleNewOrchestrationInstanceAsync(CrashWorkload.Orchestrator, i, new StartOrchestrationOptions($"crash-{i:D3}"))));
        foreach (string id in ids)
        {
            await client.Client.RaiseEventAsync(id, CrashWorkload.GoEvent, 1);
        }

        var random = new Random(Environment.TickCount);
        for (int round = 0; round < KillRounds; round++)
        {
            using Process child = await StartChildAsync(engineDb, folder);
            int lifetime = random.Next(500, 2500);
            await Task.Delay(lifetime);
            child.Kill();
            await child.WaitForExitAsync();
            output.WriteLine($"round {round}: killed after {lifetime} ms, {await CountCompletedAsync(client.Client, ids)} of {Instances} completed");
        }

        using (Process last = await StartChildAsync(engineDb, folder))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            foreach (string id in ids)
            {
                await client.Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
            }
            last.Kill();
            await last.WaitForExitAsync();
        }

        Dictionary<string, (int Effects, int Executions)> effects = ledger.Count();
        int perInstance = CrashWorkload.SequentialSteps + CrashWorkload.ParallelSteps;
        for (int i = 0; i < Instances; i++)
        {
            OrchestrationMetadata result = (await client.Client.GetInstanceAsync(ids[i], getInputsAndOutputs: true))!;
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(CrashWorkload.Expected(i), result.ReadOutputAs<int>());
            Assert.Equal(perInstance, effects[ids[i]].Effects);
            Assert.True(effects[ids[i]].Executions >= perInstance);
            Assert.Equal(1, effects[CrashWorkload.ChildId(ids[i])].Effects);
        }
        int executions = effects.Values.Sum(e => e.Executions);
        int expectedEffects = Instances * (perInstance + 1);
        output.WriteLine($"{expectedEffects} effects, {executions} executions ({executions - expectedEffects} redelivered)");
        Assert.Equal(expectedEffects, effects.Values.Sum(e => e.Effects));
        Assert.Equal(Instances, (await client.Client.Entities.GetEntityAsync<int>(CrashWorkload.Tally))!.State);
        await client.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<int> CountCompletedAsync(DurableTaskClient client, string[] ids)
    {
        int completed = 0;
        foreach (string id in ids)
        {
            completed += (await client.GetInstanceAsync(id))?.IsCompleted == true ? 1 : 0;
        }
        return completed;
    }

    private static async Task<Process> StartChildAsync(string engineDb, string folder)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "Orchestrator.Durable.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "exec", host, engineDb, Path.Combine(folder, "effects.db"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        Process child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line = await child.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.Equal("ready", line);
        return child;
    }
}
