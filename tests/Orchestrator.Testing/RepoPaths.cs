namespace Orchestrator.Testing;

/// <summary>Locates files of this repository from a running test, wherever the test binaries were built.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds Orchestrator.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below the repository root, given as segments (e.g. "tests", "fixtures", "c2pa", "video1.mp4").</summary>
    public static string Combine(params string[] segments) => Path.Combine([Root, .. segments]);

    /// <summary>The real C2PA fixtures (copied from shared/fixtures/c2pa, see their README).</summary>
    public static string C2paFixture(string fileName) => Combine("tests", "fixtures", "c2pa", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Orchestrator.sln not found above {AppContext.BaseDirectory}.");
    }
}
