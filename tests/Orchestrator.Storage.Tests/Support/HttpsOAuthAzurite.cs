using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Orchestrator.Storage.Local;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Support;

/// <summary>
/// A second Azurite, on https with a fresh self-signed certificate and OAuth enabled, for the Microsoft Entra ID path
/// (Azure.Core sends bearer tokens over TLS only). Clients trust exactly this certificate through <see cref="Transport"/>.
/// </summary>
public sealed class HttpsOAuthAzurite : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orchestrator-azurite-tls-").FullName;
    private X509Certificate2? _certificate;
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_folder, "cert.pem");
        var keyPath = Path.Combine(_folder, "key.pem");
        await File.WriteAllTextAsync(certPath, _certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { ToolRoot = RepoPaths.Root, Https = new AzuriteHttps(certPath, keyPath, OAuth: true) });
    }

    /// <summary>A transport that trusts this instance's certificate and no other.</summary>
    public HttpPipelineTransport Transport()
    {
        var expected = _certificate!.GetCertHashString();
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == expected;
        return new HttpClientTransport(new HttpClient(handler));
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
        _certificate?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
