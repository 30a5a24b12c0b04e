using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// The built host (Orchestrator.Host.dll, copied next to the tests) as a child process with a stack's settings as
/// environment variables: what a crash test kills with kill -9 and starts again on the same SQLite file and Azurite.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);
    private readonly ChildProcess child;

    private HostProcess(ChildProcess child) => this.child = child;

    public string Output => child.Output;

    /// <summary>Starts the host and returns once /health answers 200.</summary>
    public static async Task<HostProcess> StartAsync(HostStack stack)
    {
        // The child sees only the stack's settings, as environment variables.
        var start = DotnetProgram.StartInfo(Path.Combine(AppContext.BaseDirectory, "Orchestrator.Host.dll"), [],
            stack.Settings.Select(setting => KeyValuePair.Create(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value)));
        var host = new HostProcess(new ChildProcess(start));
        using var http = stack.Http(key: null);
        var deadline = TimeProvider.System.GetUtcNow() + StartPatience;
        while (true)
        {
            if (host.child.Process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {host.child.Process.ExitCode}:\n{host.Output}");
            }
            try
            {
                using var health = await http.GetAsync("health");
                if (health.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                await host.DisposeAsync();
                throw new TimeoutException($"The host did not answer /health within {StartPatience}:\n{host.Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shutdown, no lease handed back, no message deleted.</summary>
    public Task KillAsync() => child.KillAsync();

    public ValueTask DisposeAsync() => child.DisposeAsync();
}
