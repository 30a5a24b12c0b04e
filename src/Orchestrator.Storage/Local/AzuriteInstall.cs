using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Storage.Local;

/// <summary>
/// Finds Azurite in the repository's node_modules, or installs it with <c>npm ci</c> (the version pinned in package.json and
/// package-lock.json). A cross-process file lock makes parallel test assemblies wait for one install instead of racing.
/// </summary>
internal static class AzuriteInstall
{
    public static async Task<string> EnsureInstalledAsync(string toolRoot, Action<string>? log, CancellationToken cancellationToken)
    {
        var script = Path.Combine(toolRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (IsInstalled(toolRoot, script))
        {
            return script;
        }
        await using var installLock = await AcquireLockAsync(toolRoot, cancellationToken).ConfigureAwait(false);
        if (IsInstalled(toolRoot, script))
        {
            return script; // another process installed it while this one waited
        }
        log?.Invoke($"Installing Azurite with npm ci in {toolRoot} (first use) ...");
        var (exitCode, output) = await NodeTools.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], toolRoot, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 || !IsInstalled(toolRoot, script))
        {
            throw new InvalidOperationException($"npm ci in {toolRoot} failed (exit {exitCode}); Azurite is not installed. Last output:\n{output}");
        }
        return script;
    }

    /// <summary>The first folder above the app or the current directory whose package.json names azurite.</summary>
    public static string FindToolRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var manifest = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(manifest) && File.ReadAllText(manifest).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException(
            $"No package.json naming azurite was found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; set AzuriteOptions.ToolRoot.");
    }

    // npm writes node_modules/.package-lock.json last, so its presence means an install that finished, not one cut short.
    private static bool IsInstalled(string toolRoot, string script) =>
        File.Exists(script) && File.Exists(Path.Combine(toolRoot, "node_modules", ".package-lock.json"));

    private static async Task<FileStream> AcquireLockAsync(string toolRoot, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(toolRoot))))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"orchestrator-npm-{id}.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
