using System.Security.Cryptography;
using Orchestrator.Storage;
using Orchestrator.Storage.Local;
using Xunit;

namespace Orchestrator.Testing;

/// <summary>
/// Real Azurite for tests: one instance per test process, started on first use and shared by every test class (and every
/// test project) that takes this fixture; it ends with the process. Tests isolate themselves by name (<see cref="UniqueName"/>),
/// never by a fresh Azurite.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<AzuriteProcess>> Shared = new(
        () => AzuriteProcess.StartAsync(new AzuriteOptions { ToolRoot = RepoPaths.Root, Log = Console.Error.WriteLine }));

    private static int _counter;
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("AzuriteFixture is not initialized yet.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await Shared.Value;

    // The shared instance outlives any one test class; AzuriteProcess ends it when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A fresh name valid for a container, a queue and a table alike (lowercase letters and digits, 3-63).</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}{Interlocked.Increment(ref _counter)}x{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

    /// <summary>Client options for tests: the pipeline's retries with short delays, so injected faults do not slow the suite.</summary>
    public static StorageClientOptions FastRetryOptions()
    {
        var options = new StorageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        return options;
    }
}
