using System.Diagnostics;
using System.Text;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// A program a test started: everything it writes (stdout and stderr, in arrival order) read as it comes, and a hard
/// stop (kill -9 of its whole tree) for when the test ends, or means to crash it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();

    public ChildProcess(ProcessStartInfo start)
    {
        Process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        Process.OutputDataReceived += (_, line) => Append(line.Data);
        Process.ErrorDataReceived += (_, line) => Append(line.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>kill -9 of the program and its children: no shutdown.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await KillAsync();
        }
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
