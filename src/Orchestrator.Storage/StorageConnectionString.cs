using System.Globalization;

namespace Orchestrator.Storage;

/// <summary>
/// An Azure Storage connection string in one of its standard forms: <c>UseDevelopmentStorage=true</c> (Azurite on its default
/// ports), or <c>DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...</c> with an optional <c>EndpointSuffix</c> and
/// explicit <c>BlobEndpoint</c>, <c>QueueEndpoint</c>, <c>TableEndpoint</c>.
/// </summary>
public sealed record StorageConnectionString(Uri BlobEndpoint, Uri QueueEndpoint, Uri TableEndpoint, AzureNamedKeyCredential Credential)
{
    /// <summary>The well-known Azurite / storage emulator account (public, documented, not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known Azurite / storage emulator key (public, documented, not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses a connection string. The message of a <see cref="FormatException"/> never repeats the key.</summary>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = ParseSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw new FormatException("Storage connection string: DevelopmentStorageProxyUri is not supported.");
            }
            return ForAccount(DevelopmentAccountName, DevelopmentAccountKey, "http://127.0.0.1:10000", "http://127.0.0.1:10001", "http://127.0.0.1:10002");
        }
        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException(
                "Storage connection string: SharedAccessSignature connection strings are not supported; use an account key or Microsoft Entra ID.");
        }

        var account = Required(settings, "AccountName");
        var key = Required(settings, "AccountKey");
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException($"Storage connection string: DefaultEndpointsProtocol must be http or https, not '{protocol}'.");
        }
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        string Endpoint(string service) =>
            settings.GetValueOrDefault(service[..1].ToUpperInvariant() + service[1..] + "Endpoint")
            ?? $"{protocol}://{account}.{service}.{suffix}";
        return ForAccount(account, key, Endpoint("blob"), Endpoint("queue"), Endpoint("table"));
    }

    /// <summary>The connection string for an account reached on explicit endpoints (e.g. an Azurite on free ports).</summary>
    public static string Format(string accountName, string accountKey, Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint) =>
        string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol={blobEndpoint.Scheme};AccountName={accountName};AccountKey={accountKey};" +
            $"BlobEndpoint={blobEndpoint};QueueEndpoint={queueEndpoint};TableEndpoint={tableEndpoint};");

    private static StorageConnectionString ForAccount(string account, string key, string blob, string queue, string table)
    {
        try
        {
            Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new FormatException("Storage connection string: AccountKey is not valid base64.");
        }
        var isDevelopment = account == DevelopmentAccountName;
        return new StorageConnectionString(
            EndpointUri(blob, "BlobEndpoint", isDevelopment ? account : null),
            EndpointUri(queue, "QueueEndpoint", isDevelopment ? account : null),
            EndpointUri(table, "TableEndpoint", isDevelopment ? account : null),
            new AzureNamedKeyCredential(account, key));
    }

    // The emulator serves every account path-style (http://127.0.0.1:10000/devstoreaccount1), so its account joins the path.
    private static Uri EndpointUri(string value, string name, string? pathStyleAccount)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"Storage connection string: {name} '{value}' is not an absolute http(s) URI.");
        }
        if (pathStyleAccount is not null && uri.AbsolutePath.Trim('/').Length == 0)
        {
            uri = new Uri(uri, "/" + pathStyleAccount);
        }
        return uri;
    }

    private static Dictionary<string, string> ParseSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // Never echo the part: it may be a key pasted without its name.
                throw new FormatException("Storage connection string: every setting must be Name=Value, separated by ';'.");
            }
            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        return settings;
    }

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"Storage connection string: {name} is missing (or use UseDevelopmentStorage=true).");
}
