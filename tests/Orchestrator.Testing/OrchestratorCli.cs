namespace Orchestrator.Testing;

/// <summary>The built <c>orchestrator</c> CLI, run as a child process (<see cref="DotnetProgram"/>).</summary>
public static class OrchestratorCli
{
    /// <summary>
    /// Next to the tests when their project references the CLI; otherwise where the CLI project builds it, with the
    /// tests' configuration and framework (bin/&lt;Configuration&gt;/&lt;tfm&gt;/).
    /// </summary>
    public static string Dll { get; } = Locate();

    public static Task<ProgramRun> RunAsync(IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null) =>
        DotnetProgram.RunAsync(Dll, arguments, stdin, environment);

    private static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");
        if (File.Exists(beside))
        {
            return beside;
        }
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var built = RepoPaths.Combine("src", "Orchestrator.Cli", "bin", tfmDirectory.Parent!.Name, tfmDirectory.Name, "orchestrator.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"The CLI is built neither beside the tests nor at {built}.", built);
    }
}
