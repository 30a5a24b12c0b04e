using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Vendors.Webhooks;

/// <summary>
/// Standard Webhooks verification (OpenAI): HMAC-SHA256 with the decoded whsec_ secret over "{webhook-id}.{webhook-timestamp}.{body}",
/// compared in constant time with each space-separated "v1,&lt;base64&gt;" entry of webhook-signature; the timestamp must be
/// within the tolerance (300 s) of now. Written here because no Standard Webhooks package is available; it is the spec's
/// algorithm and nothing more.
/// </summary>
public sealed class StandardWebhookVerifier
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);
    private const string Prefix = "whsec_";
    private readonly byte[] key;
    private readonly TimeProvider time;
    private readonly TimeSpan tolerance;

    public StandardWebhookVerifier(string secret, TimeProvider? time = null, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new ArgumentException("A webhook secret (whsec_...) is required to verify webhooks.", nameof(secret));
        }
        key = DecodeSecret(secret);
        this.time = time ?? TimeProvider.System;
        this.tolerance = tolerance ?? DefaultTolerance;
    }

    public TimeSpan Tolerance => tolerance;

    public static byte[] DecodeSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.StartsWith(Prefix, StringComparison.Ordinal) ? Convert.FromBase64String(secret[Prefix.Length..]) : Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Null when the call is authentic and fresh; otherwise why not.</summary>
    public string? Verify(WebhookRequest request, out string deliveryId, out DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        deliveryId = request.Header("webhook-id") ?? string.Empty;
        sentAt = default;
        var timestamp = request.Header("webhook-timestamp");
        var signatures = request.Header("webhook-signature");
        if (deliveryId.Length == 0 || timestamp is null || signatures is null)
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "webhook-timestamp is not unix seconds";
        }
        sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((time.GetUtcNow() - sentAt).Duration() > tolerance)
        {
            return $"stale: sent at {sentAt:O}, more than {tolerance.TotalSeconds:0} s from now";
        }
        var expected = Mac(key, deliveryId, timestamp, request.Body.Span);
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }
            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(entry[(comma + 1)..], given, out var length) && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return null;
            }
        }
        return "no v1 signature matches";
    }

    private static byte[] Mac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}
