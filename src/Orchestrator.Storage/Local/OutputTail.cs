using System.Diagnostics;

namespace Orchestrator.Storage.Local;

/// <summary>Keeps the last lines a child process wrote (both streams), for error messages; optionally forwards each line.</summary>
internal sealed class OutputTail(int capacity = 40, Action<string>? forward = null)
{
    private readonly Queue<string> _lines = new();

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        forward?.Invoke(line);
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }
}
