using Azure.Core;

namespace Orchestrator.Storage;

/// <summary>
/// Options for the Blob, Table and Queue clients: Azure.Core's retry, diagnostics and transport settings, the one REST API
/// version these clients speak, and the clock used for request dates and SAS expiry.
/// </summary>
public class StorageClientOptions : ClientOptions
{
    /// <summary>The REST API versions these clients speak. One is pinned: every request and SAS is built for it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "The Azure SDK's naming for service versions.")]
    public enum ServiceVersion
    {
        /// <summary>2025-11-05: served by Azure Storage and by Azurite 3.37.</summary>
        V2025_11_05 = 1,
    }

    /// <summary>The version used when none is named.</summary>
    public const ServiceVersion LatestVersion = ServiceVersion.V2025_11_05;

    public StorageClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version switch
        {
            ServiceVersion.V2025_11_05 => version,
            _ => throw new NotSupportedException($"Storage service version {version} is not supported."),
        };
        // Storage's own correlation headers are safe to log and are what support asks for.
        foreach (var header in new[] { "x-ms-request-id", "x-ms-error-code", "x-ms-version", "x-ms-blob-type", "ETag", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }
        foreach (var parameter in new[] { "comp", "restype", "blockid", "prefix", "maxresults", "numofmessages", "visibilitytimeout", "messagettl", "peekonly", "$top", "$select" })
        {
            Diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }

    public ServiceVersion Version { get; }

    /// <summary>The clock for x-ms-date and SAS expiry; tests pin it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal string VersionString => Version switch
    {
        ServiceVersion.V2025_11_05 => "2025-11-05",
        _ => throw new NotSupportedException($"Storage service version {Version} is not supported."),
    };
}
