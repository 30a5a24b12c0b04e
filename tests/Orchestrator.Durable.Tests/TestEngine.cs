using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;

namespace Orchestrator.Durable.Tests;

/// <summary>A real engine on a real SQLite file in a temporary folder, with test-friendly leases and polling.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TestEngine(DurableEngine engine, string folder)
    {
        Engine = engine;
        Folder = folder;
    }

    public DurableEngine Engine { get; private set; }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "durable.db");

    public DurableEngineClient Client => Engine.Client;

    public static DurableEngineOptions Options(string folder) => new()
    {
        DatabasePath = Path.Combine(folder, "durable.db"),
        LeaseDuration = TimeSpan.FromSeconds(2),
        PollingInterval = TimeSpan.FromMilliseconds(50),
        OrchestrationConcurrency = 16,
        ActivityConcurrency = 16,
    };

    /// <summary>A fresh folder name under the temporary directory (not created).</summary>
    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "durable-tests", Guid.NewGuid().ToString("N"));

    public static async Task<TestEngine> StartAsync(Action<DurableTaskRegistry> tasks, Func<DurableEngineOptions, DurableEngineOptions>? configure = null)
    {
        string folder = NewFolder();
        Directory.CreateDirectory(folder);
        var engine = new DurableEngine((configure ?? (o => o))(Options(folder)), Registry(tasks));
        await engine.StartAsync();
        return new TestEngine(engine, folder);
    }

    /// <summary>Stops this engine and starts a new one (a new worker) on the same database file.</summary>
    public async Task RestartAsync(Action<DurableTaskRegistry> tasks, Func<DurableEngineOptions, DurableEngineOptions>? configure = null)
    {
        await Engine.DisposeAsync();
        Engine = new DurableEngine((configure ?? (o => o))(Options(Folder)), Registry(tasks));
        await Engine.StartAsync();
    }

    /// <summary>Starts a second worker ("second") on this engine's database file, next to this one.</summary>
    public async Task<DurableEngine> StartSecondWorkerAsync(Action<DurableTaskRegistry> tasks, Func<DurableEngineOptions, DurableEngineOptions>? configure = null)
    {
        var engine = new DurableEngine((configure ?? (o => o))(Options(Folder)) with { WorkerId = "second" }, Registry(tasks));
        await engine.StartAsync();
        return engine;
    }

    public async Task<OrchestrationMetadata> RunAsync(TaskName name, object? input = null, string? instanceId = null)
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        return await CompletionAsync(id);
    }

    public async Task<OrchestrationMetadata> CompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by SQLite on some platforms; the temp folder is cleaned by the OS.
        }
    }

    private static DurableTaskRegistry Registry(Action<DurableTaskRegistry> tasks)
    {
        var registry = new DurableTaskRegistry();
        tasks(registry);
        return registry;
    }
}
