using System.Diagnostics;
using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// The built host's <c>demo</c> run as a child process in a session of its own (setsid), so that Ctrl+C can be played as a
/// terminal plays it: SIGINT to the whole process group, the demo and the Azurite it started alike.
/// </summary>
internal sealed class DemoProcess : IAsyncDisposable
{
    private readonly ChildProcess child;

    private DemoProcess(ChildProcess child) => this.child = child;

    public string Output => child.Output;

    public static DemoProcess Start(int port)
    {
        var start = DotnetProgram.StartInfo(Path.Combine(AppContext.BaseDirectory, "Orchestrator.Host.dll"), ["demo", "--port", $"{port}"]);
        // setsid makes the program lead a new process group, exec'ing it in place: the group's id is the process id.
        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = "setsid";
        return new DemoProcess(new ChildProcess(start));
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (true), or the demo has ended or run out of patience (false).</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan patience)
    {
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (child.Process.HasExited || TimeProvider.System.GetUtcNow() > deadline)
            {
                return false;
            }
            await Task.Delay(200);
        }
        return true;
    }

    /// <summary>Ctrl+C: SIGINT to the demo's process group; returns its exit code once it has ended.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var signal = Process.Start("kill", ["-INT", "--", $"-{child.Process.Id}"]))
        {
            await signal.WaitForExitAsync();
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await child.Process.WaitForExitAsync(patience.Token);
        return child.Process.ExitCode;
    }

    public ValueTask DisposeAsync() => child.DisposeAsync();
}
