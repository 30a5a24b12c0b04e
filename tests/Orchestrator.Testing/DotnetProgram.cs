using System.Diagnostics;

namespace Orchestrator.Testing;

/// <summary>
/// A built .NET program (its dll) as a child process, the way the tests run the CLI and the host: through the dotnet
/// host running the tests, from the tests' folder, with none of the developer's own <c>Orchestrator__</c> settings and
/// only the environment a test gives it.
/// </summary>
public static class DotnetProgram
{
    /// <summary>Generous: a loaded 2-core machine may take seconds to start a .NET process.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    /// <summary>How to start <paramref name="dll"/>, with its output redirected for the caller to read.</summary>
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("Orchestrator__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Runs <paramref name="dll"/> to its end with <paramref name="stdin"/> (or nothing) as its input.</summary>
    public static async Task<ProgramRun> RunAsync(string dll, IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = StartInfo(dll, arguments, environment?.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(RunLimit);
        await process.WaitForExitAsync(cancellation.Token);
        return new ProgramRun(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>How a program run ended: its exit code and everything it wrote.</summary>
public sealed record ProgramRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
