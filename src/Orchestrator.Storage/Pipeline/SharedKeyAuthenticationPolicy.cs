// Written by hand: Azure.Core has no Shared Key signer (it lives in Azure.Storage.Common, which cannot be restored here).
// Follows "Authorize with Shared Key" in the Azure Storage REST reference; kept to the exact rules, nothing more.
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Orchestrator.Storage.Pipeline;

/// <summary>
/// Signs each try of a request with the account key (Authorization: SharedKey account:signature). Runs per retry, after
/// <see cref="StorageHeadersPolicy"/> has set a fresh x-ms-date. Blob and Queue sign the long form with canonicalized
/// x-ms- headers; Table signs the short form.
/// </summary>
internal sealed class SharedKeyAuthenticationPolicy(AzureNamedKeyCredential credential, StorageService service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var account = credential.Name;
        var stringToSign = service == StorageService.Table ? TableStringToSign(request, account) : BlobQueueStringToSign(request, account);
        request.Headers.SetValue("Authorization", $"SharedKey {account}:{Sign(credential, stringToSign)}");
    }

    /// <summary>Signs an arbitrary string with the account key (used for service SAS).</summary>
    public static string Sign(AzureNamedKeyCredential credential, string stringToSign)
    {
        var (_, key) = credential;
        return Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static string BlobQueueStringToSign(Request request, string account)
    {
        var contentLength = request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
            ? length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "";
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Header(request, "Content-Encoding")).Append('\n')
            .Append(Header(request, "Content-Language")).Append('\n')
            .Append(contentLength).Append('\n')
            .Append(Header(request, "Content-MD5")).Append('\n')
            .Append(Header(request, "Content-Type")).Append('\n')
            .Append('\n') // Date: empty, x-ms-date is signed below
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        var msHeaders = request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(account).Append(request.Uri.Path);
        var parameters = ParseQuery(request.Uri.Query)
            .GroupBy(p => p.Name.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            builder.Append('\n').Append(parameter.Key).Append(':')
                .AppendJoin(',', parameter.Select(p => p.Value).Order(StringComparer.Ordinal));
        }
        return builder.ToString();
    }

    private static string TableStringToSign(Request request, string account)
    {
        var resource = "/" + account + request.Uri.Path;
        var comp = ParseQuery(request.Uri.Query).FirstOrDefault(p => p.Name.Equals("comp", StringComparison.OrdinalIgnoreCase));
        if (comp.Name is not null)
        {
            resource += "?comp=" + comp.Value;
        }
        return string.Join('\n',
            request.Method.Method,
            Header(request, "Content-MD5"),
            Header(request, "Content-Type"),
            Header(request, "x-ms-date"),
            resource);
    }

    private static string Header(Request request, string name) => request.Headers.TryGetValue(name, out var value) ? value : "";

    private static IEnumerable<(string Name, string Value)> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? (Uri.UnescapeDataString(pair), "")
                : (Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
        });
}
