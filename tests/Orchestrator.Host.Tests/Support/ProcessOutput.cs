using System.Diagnostics;
using System.Text;

namespace Orchestrator.Host.Tests.Support;

/// <summary>Everything a child process writes (stdout and stderr, in arrival order), read as it comes.</summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder text = new();

    public ProcessOutput(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    public override string ToString() => Text;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
