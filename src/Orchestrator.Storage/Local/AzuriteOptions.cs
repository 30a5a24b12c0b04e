namespace Orchestrator.Storage.Local;

/// <summary>How to start Azurite for the local run or for tests.</summary>
public sealed record AzuriteOptions
{
    /// <summary>The folder whose package.json pins azurite (and where npm installs it). Default: the first such folder above the app or the current directory.</summary>
    public string? ToolRoot { get; init; }

    /// <summary>Where Azurite keeps its data. Default: a fresh temporary folder, deleted when the process is disposed.</summary>
    public string? Location { get; init; }

    /// <summary>Fixed ports (blob, queue, table), e.g. the standard 10000-10002 for the local run. Default: free loopback ports.</summary>
    public AzuritePorts? Ports { get; init; }

    /// <summary>Serve https (and optionally accept Microsoft Entra ID tokens) instead of http.</summary>
    public AzuriteHttps? Https { get; init; }

    /// <summary>How long installing and starting may take before giving up (npm ci on a cold machine is the slow part).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Receives progress lines (installing, started on ...) and Azurite's own output.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>The three loopback ports Azurite listens on.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table);

/// <summary>
/// Serve https with a PEM certificate and key. With <paramref name="OAuth"/>, Azurite also accepts bearer tokens (checking
/// issuer, audience and lifetime, not signatures): the way to exercise the Microsoft Entra ID path, which Azure.Core only
/// sends over TLS.
/// </summary>
public sealed record AzuriteHttps(string CertificatePemPath, string KeyPemPath, bool OAuth = false);
