using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Orchestrator.Vendors.Webhooks;

/// <summary>
/// fal webhook verification: Ed25519 (BouncyCastle) over "{request_id}\n{user_id}\n{timestamp}\n{sha256 hex of the body}"
/// from the X-Fal-Webhook-* headers, hex signature, timestamp within 300 s, against fal's JWKS (cached, refreshed once
/// when no key matches, for rotation) and any pinned keys.
/// </summary>
public sealed class FalWebhookVerifier
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(1);
    private readonly HttpClient http;
    private readonly FalOptions options;
    private readonly TimeProvider time;
    private IReadOnlyList<byte[]> jwksKeys = [];
    private DateTimeOffset fetchedAt = DateTimeOffset.MinValue;

    public FalWebhookVerifier(HttpClient http, FalOptions options, TimeProvider? time = null)
    {
        this.http = http;
        this.options = options;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Null when authentic and fresh; otherwise why not.</summary>
    public async Task<string?> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = request.Header("X-Fal-Webhook-Request-Id");
        var userId = request.Header("X-Fal-Webhook-User-Id");
        var timestamp = request.Header("X-Fal-Webhook-Timestamp");
        var signatureHex = request.Header("X-Fal-Webhook-Signature");
        if (requestId is null || userId is null || timestamp is null || signatureHex is null)
        {
            return "missing X-Fal-Webhook-Request-Id, -User-Id, -Timestamp or -Signature";
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "X-Fal-Webhook-Timestamp is not unix seconds";
        }
        if ((time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return $"stale: timestamp {timestamp} is more than {Tolerance.TotalSeconds:0} s from now";
        }
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return "X-Fal-Webhook-Signature is not hex";
        }
        if (signature.Length != 64)
        {
            return "X-Fal-Webhook-Signature is not an Ed25519 signature";
        }
        var message = Encoding.UTF8.GetBytes($"{requestId}\n{userId}\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))}");
        if (Matches(await KeysAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false), message, signature))
        {
            return null;
        }
        // fal may have rotated its key since the JWKS was cached.
        return Matches(await KeysAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false), message, signature)
            ? null
            : "no fal public key verifies the signature";
    }

    private static bool Matches(IEnumerable<byte[]> keys, byte[] message, byte[] signature) => keys.Any(key =>
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(key, 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    });

    private async Task<IEnumerable<byte[]>> KeysAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var pinned = options.PublicKeys.Select(key => Base64Url.DecodeFromChars(key)).Where(key => key.Length == 32);
        if (options.JwksUrl is null)
        {
            return pinned;
        }
        var now = time.GetUtcNow();
        var due = now - fetchedAt > options.JwksCacheDuration || (forceRefresh && now - fetchedAt > MinimumRefreshInterval);
        if (due)
        {
            // Two calls racing here both fetch: harmless, and no lock to dispose.
            using var response = await http.GetAsync(options.JwksUrl, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            jwksKeys = [.. document.RootElement.GetProperty("keys").EnumerateArray()
                .Where(key => key.TryGetProperty("crv", out var crv) && crv.GetString() == "Ed25519" && key.TryGetProperty("x", out _))
                .Select(key => Base64Url.DecodeFromChars(key.GetProperty("x").GetString()))
                .Where(key => key.Length == 32)];
            fetchedAt = now;
        }
        return pinned.Concat(jwksKeys);
    }
}
