using System.Net.Sockets;
using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Local;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task An_instance_of_its_own_serves_all_three_services_and_is_gone_after_dispose()
    {
        var lines = new List<string>();
        var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { ToolRoot = RepoPaths.Root, Log = line => { lock (lines) { lines.Add(line); } } });
        var container = new BlobContainerClient(azurite.ConnectionString, "own");
        Assert.True((await container.CreateIfNotExistsAsync()).Value);
        var ports = azurite.Ports;

        await azurite.DisposeAsync();

        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            using var probe = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", port));
        }
        Assert.Contains(lines, l => l.Contains("Azurite is listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_without_the_azurite_manifest_is_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("orchestrator-no-azurite-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(empty.FullName, "package.json"), "{ \"name\": \"x\", \"private\": true }");

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AzuriteProcess.StartAsync(new AzuriteOptions { ToolRoot = empty.FullName, StartTimeout = TimeSpan.FromMinutes(2) }));

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
