using System.Globalization;
using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Blobs;

/// <summary>
/// A read-only service SAS for one blob, signed with the account key (the string-to-sign of REST versions 2020-12-06 and
/// later, "Create a service SAS" in the REST reference). No start time is set, so a clock slightly behind the service's
/// does not make a fresh link fail.
/// </summary>
internal static class BlobSas
{
    public static Uri ReadUri(StorageResource container, string blobName, string blobPath, DateTimeOffset expiresOn)
    {
        var key = container.SharedKey
            ?? throw new InvalidOperationException("A SAS can only be signed by a client built with the account key (connection string or AzureNamedKeyCredential).");
        var expiry = expiresOn.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var version = container.Options.VersionString;
        // Over plain http (Azurite) the link must allow http; against Azure it is https only.
        var protocol = container.Uri.Scheme == Uri.UriSchemeHttps ? "https" : "https,http";
        const string permissions = "r";
        const string resource = "b";
        var canonicalName = $"/blob/{key.Name}/{container.Name}/{blobName}";
        var stringToSign = string.Join('\n',
            permissions, "", expiry, canonicalName, "", "", protocol, version, resource,
            "", "", "", "", "", "", ""); // snapshot, encryption scope, rscc, rscd, rsce, rscl, rsct
        var signature = SharedKeyAuthenticationPolicy.Sign(key, stringToSign);
        var query = string.Join('&',
            "sv=" + version,
            "spr=" + Uri.EscapeDataString(protocol),
            "se=" + Uri.EscapeDataString(expiry),
            "sr=" + resource,
            "sp=" + permissions,
            "sig=" + Uri.EscapeDataString(signature));
        return new Uri(StorageResource.Child(container.Uri, blobPath) + "?" + query);
    }
}
