using System.Diagnostics;
using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// The built host's <c>demo</c> run as a child process in a session of its own (setsid), so that Ctrl+C can be played as a
/// terminal plays it: SIGINT to the whole process group, the demo and the Azurite it started alike.
/// </summary>
internal sealed class DemoProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ProcessOutput output;

    private DemoProcess(Process process)
    {
        this.process = process;
        output = new ProcessOutput(process);
    }

    public string Output => output.Text;

    public static DemoProcess Start(int port)
    {
        var start = DotnetProgram.StartInfo(Path.Combine(AppContext.BaseDirectory, "Orchestrator.Host.dll"), ["demo", "--port", $"{port}"]);
        // setsid makes the program lead a new process group, exec'ing it in place: the group's id is the process id.
        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = "setsid";
        return new DemoProcess(Process.Start(start) ?? throw new InvalidOperationException("The demo did not start."));
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (true), or the demo has ended or run out of patience (false).</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan patience)
    {
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || TimeProvider.System.GetUtcNow() > deadline)
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
        using (var signal = Process.Start("kill", ["-INT", "--", $"-{process.Id}"]))
        {
            await signal.WaitForExitAsync();
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(patience.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
