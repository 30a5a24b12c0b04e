using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Storage.Local;

/// <summary>
/// A running Azurite (Blob, Queue and Table emulator) for the local run and the tests: installed through npm on first use,
/// listening on loopback ports, with its data in a temporary folder unless told otherwise. Disposing ends it; so does the
/// end of the .NET process that started it, even a kill -9 (a preloaded watchdog exits when its stdin pipe closes).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private const string WorkFolderPrefix = "orchestrator-azurite-";
    private const string OwnerFile = "owner.pid";

    // Preloaded into node before Azurite: the parent's end closes the stdin pipe, and then this process removes its work
    // folder (the watchdog's own folder, holding the data unless AzuriteOptions.Location was given) and ends too.
    private const string Watchdog = """
        const end = () => { try { require('fs').rmSync(__dirname, { recursive: true, force: true }); } catch {} process.exit(0); };
        process.stdin.on('end', end);
        process.stdin.on('error', end);
        process.stdin.resume();
        """;

    private readonly Process _process;
    private readonly string _workFolder;
    private readonly EventHandler _onProcessExit;

    private AzuriteProcess(Process process, string workFolder, AzuritePorts ports, string scheme)
    {
        _process = process;
        _workFolder = workFolder;
        Ports = ports;
        BlobEndpoint = Endpoint(scheme, ports.Blob);
        QueueEndpoint = Endpoint(scheme, ports.Queue);
        TableEndpoint = Endpoint(scheme, ports.Table);
        ConnectionString = ConnectionStringFor(ports, scheme);
        // Quick, as exit handlers must be: the watchdog does the rest (the test host may be killed right after).
        _onProcessExit = (_, _) => AskToExit();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public AzuritePorts Ports { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>A connection string for the development account on this instance's endpoints.</summary>
    public string ConnectionString { get; }

    /// <summary>The development account's connection string for an Azurite on these ports, whether or not it runs yet.</summary>
    public static string ConnectionStringFor(AzuritePorts ports, string scheme = "http")
    {
        ArgumentNullException.ThrowIfNull(ports);
        return StorageConnectionString.Format(StorageConnectionString.DevelopmentAccountName, StorageConnectionString.DevelopmentAccountKey,
            Endpoint(scheme, ports.Blob), Endpoint(scheme, ports.Queue), Endpoint(scheme, ports.Table));
    }

    /// <summary>The development account's key credential.</summary>
    public static AzureNamedKeyCredential DevelopmentCredential() =>
        new(StorageConnectionString.DevelopmentAccountName, StorageConnectionString.DevelopmentAccountKey);

    /// <summary>Installs Azurite if needed, starts it and returns once Blob, Queue and Table all answer HTTP.</summary>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        DeleteAbandonedWorkFolders();
        var toolRoot = options.ToolRoot ?? AzuriteInstall.FindToolRoot();
        var script = await AzuriteInstall.EnsureInstalledAsync(toolRoot, options.Log, timeout.Token).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            var ports = options.Ports ?? new AzuritePorts(FreePort(), FreePort(), FreePort());
            var workFolder = Directory.CreateTempSubdirectory(WorkFolderPrefix).FullName;
            try
            {
                return await StartOnceAsync(script, toolRoot, workFolder, ports, options, timeout.Token).ConfigureAwait(false);
            }
            catch (AzuriteExitedException e) when (options.Ports is null && attempt < StartAttempts && e.Output.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Another process took a port between picking it and Azurite binding it: pick again.
                options.Log?.Invoke($"Azurite port taken ({ports}); retrying on other ports.");
            }
        }
    }

    private static async Task<AzuriteProcess> StartOnceAsync(
        string script, string toolRoot, string workFolder, AzuritePorts ports, AzuriteOptions options, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(workFolder, OwnerFile), $"{Environment.ProcessId}", cancellationToken).ConfigureAwait(false);
        var watchdog = Path.Combine(workFolder, "watchdog.js");
        await File.WriteAllTextAsync(watchdog, Watchdog, cancellationToken).ConfigureAwait(false);
        var location = options.Location ?? Directory.CreateDirectory(Path.Combine(workFolder, "data")).FullName;
        List<string> arguments =
        [
            "--require", watchdog, script,
            "--blobHost", "127.0.0.1", "--blobPort", $"{ports.Blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{ports.Queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{ports.Table}",
            "--location", location,
            "--disableTelemetry", "--silent",
        ];
        if (options.Https is { } https)
        {
            arguments.AddRange(["--cert", https.CertificatePemPath, "--key", https.KeyPemPath]);
            if (https.OAuth)
            {
                arguments.AddRange(["--oauth", "basic"]);
            }
        }
        var process = NodeTools.Start("node", arguments, toolRoot, redirectInput: true);
        var output = new OutputTail(forward: options.Log);
        output.Attach(process);
        var azurite = new AzuriteProcess(process, workFolder, ports, options.Https is null ? "http" : "https");
        try
        {
            await azurite.WaitUntilAnsweringAsync(output, options.Https, cancellationToken).ConfigureAwait(false);
            options.Log?.Invoke($"Azurite is listening: blob {azurite.BlobEndpoint}, queue {azurite.QueueEndpoint}, table {azurite.TableEndpoint}");
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(OutputTail output, AzuriteHttps? https, CancellationToken cancellationToken)
    {
        // Over https the probe trusts exactly the certificate Azurite was given (typically self-signed for tests).
        using var certificate = https is null ? null : X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(https.CertificatePemPath, cancellationToken).ConfigureAwait(false));
        using var handler = new SocketsHttpHandler();
        if (certificate is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        }
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var endpoint in new[] { BlobEndpoint, QueueEndpoint, TableEndpoint })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new AzuriteExitedException(_process.ExitCode, output.ToString());
                }
                try
                {
                    // Any HTTP answer, even 400 or 403 for an unsigned request, means the service is up.
                    using var response = await http.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // one slow answer on a loaded machine: ask again
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        AskToExit();
        if (!await ExitedWithinAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            Kill();
            await ExitedWithinAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        _process.Dispose();
        DeleteWorkFolder(_workFolder);
    }

    /// <summary>Closes Azurite's stdin: its watchdog removes the work folder and exits.</summary>
    private void AskToExit()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            Kill(); // no pipe to close: end it the hard way
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private async Task<bool> ExitedWithinAsync(TimeSpan limit)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // The watchdog and, unless AzuriteOptions.Location named a folder of its own, the data (which can be large).
    private static void DeleteWorkFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // still held by an exiting process: the next start sweeps it (DeleteAbandonedWorkFolders)
        }
    }

    /// <summary>Work folders left by a process that was killed (kill -9 skips every cleanup) are deleted by the next start.</summary>
    private static void DeleteAbandonedWorkFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), WorkFolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var pid) || IsAlive(pid))
            {
                continue; // not ours to judge, or its owner still runs
            }
            DeleteWorkFolder(folder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Uri Endpoint(string scheme, int port) => new($"{scheme}://127.0.0.1:{port}/{StorageConnectionString.DevelopmentAccountName}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class AzuriteExitedException(int exitCode, string output)
        : InvalidOperationException($"Azurite exited (code {exitCode}) before answering. Its last output:\n{output}")
    {
        public string Output { get; } = output;
    }
}
