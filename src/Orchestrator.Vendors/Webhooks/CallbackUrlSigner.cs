using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Vendors.Webhooks;

/// <summary>
/// Signed callback URLs for vendors whose callbacks carry no signature (Luma, BytePlus, Kling; fal's too, so the
/// submission key comes back with the call). The URL gets "sk" (submission key), "exp" (unix seconds) and "sig",
/// base64url HMAC-SHA256 over "v1\n{vendor}\n{sk}\n{exp}" with our secret. A caller that did not get the URL from us
/// cannot forge one; an expired one is refused.
/// </summary>
public sealed class CallbackUrlSigner
{
    public const string KeyParameter = "sk";
    public const string ExpiryParameter = "exp";
    public const string SignatureParameter = "sig";
    private readonly byte[] secret;
    private readonly TimeProvider time;

    public CallbackUrlSigner(string secret, TimeProvider? time = null)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            throw new ArgumentException("A callback signing secret of at least 16 characters is required (Orchestrator:Vendors:Callbacks:SigningSecret).", nameof(secret));
        }
        this.secret = Encoding.UTF8.GetBytes(secret);
        this.time = time ?? TimeProvider.System;
    }

    public Uri Sign(Uri endpoint, string vendor, string submissionKey, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var query = $"{KeyParameter}={Uri.EscapeDataString(submissionKey)}&{ExpiryParameter}={expiry}&{SignatureParameter}={Mac(vendor, submissionKey, expiry)}";
        var builder = new UriBuilder(endpoint);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }

    /// <summary>Null when the URL was signed by us for this vendor and has not expired; otherwise why not.</summary>
    public string? Verify(Uri url, string vendor, out string submissionKey)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = QueryOf(url);
        submissionKey = query.GetValueOrDefault(KeyParameter) ?? string.Empty;
        if (submissionKey.Length == 0 || !query.TryGetValue(ExpiryParameter, out var expiry) || !query.TryGetValue(SignatureParameter, out var signature))
        {
            return "the callback URL is not signed (sk, exp, sig missing)";
        }
        var expected = Encoding.ASCII.GetBytes(Mac(vendor, submissionKey, expiry));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return "the callback URL's signature does not match";
        }
        if (!long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || DateTimeOffset.FromUnixTimeSeconds(seconds) <= time.GetUtcNow())
        {
            return "the callback URL has expired";
        }
        return null;
    }

    /// <summary>The submission key of a signed callback URL, unverified (for listings the vendor echoes back).</summary>
    public static string? KeyOf(string? url) => url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? QueryOf(uri).GetValueOrDefault(KeyParameter) : null;

    private string Mac(string vendor, string submissionKey, string expiry) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"v1\n{vendor}\n{submissionKey}\n{expiry}")));

    private static Dictionary<string, string> QueryOf(Uri url) => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(part => part.Split('=', 2))
        .Where(pair => pair.Length == 2)
        .GroupBy(pair => Uri.UnescapeDataString(pair[0]), StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => Uri.UnescapeDataString(group.Last()[1]), StringComparer.Ordinal);
}
