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
    private static readonly Lazy<Task<AzuriteProcess>> Shared = new(() => AzuriteProcess.StartAsync(Options(ports: null)));

    private static int _counter;
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("AzuriteFixture is not initialized yet.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await Shared.Value;

    // The shared instance outlives any one test class; AzuriteProcess ends it when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// An Azurite of the test's own on fixed ports (from <see cref="FreePorts"/>), for tests that need storage to start late
    /// or stop early; disposing it ends it. <see cref="ConnectionStringFor"/> names it before it runs.
    /// </summary>
    public static Task<AzuriteProcess> StartOwnAsync(AzuritePorts ports) => AzuriteProcess.StartAsync(Options(ports));

    /// <summary>The connection string of an Azurite on these ports, whether or not it runs yet.</summary>
    public static string ConnectionStringFor(AzuritePorts ports) => AzuriteProcess.ConnectionStringFor(ports);

    private static AzuriteOptions Options(AzuritePorts? ports) => new() { ToolRoot = RepoPaths.Root, Log = Console.Error.WriteLine, Ports = ports };

    /// <summary>A fresh name valid for a container, a queue and a table alike (lowercase letters and digits, 3-63).</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}{Interlocked.Increment(ref _counter)}x{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

    /// <summary>Client options for tests: the pipeline's retries with short delays, so injected faults do not slow the suite.</summary>
    public static StorageClientOptions FastRetryOptions() => WithFastRetries(new StorageClientOptions());

    /// <summary>Sets the short retry delays of <see cref="FastRetryOptions"/> on options of any client (e.g. QueueClientOptions).</summary>
    public static T WithFastRetries<T>(T options)
        where T : StorageClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        return options;
    }
}
