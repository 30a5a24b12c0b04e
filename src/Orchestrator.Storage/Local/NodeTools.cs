using System.ComponentModel;
using System.Diagnostics;

namespace Orchestrator.Storage.Local;

/// <summary>Starts node and npm, with one clear message when Node.js is not installed.</summary>
internal static class NodeTools
{
    public static Process Start(string tool, IEnumerable<string> arguments, string workingDirectory, bool redirectInput)
    {
        var info = new ProcessStartInfo(OperatingSystem.IsWindows() && tool == "npm" ? "npm.cmd" : tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} was not found: Azurite needs Node.js 20 or later (with npm) on PATH.", e);
        }
    }

    /// <summary>Runs a tool to completion and returns its exit code and the tail of its output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        using var process = Start(tool, arguments, workingDirectory, redirectInput: false);
        var output = new OutputTail();
        output.Attach(process);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, output.ToString());
    }
}
