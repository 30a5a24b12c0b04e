using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Orchestrator.Emulator.Webhooks;

/// <summary>Signs as OpenAI signs: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature "v1,base64(HMAC-SHA256)").</summary>
public static class StandardWebhookSigner
{
    public static Dictionary<string, string> Headers(string secret, string id, DateTimeOffset at, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] content = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        var signature = HMACSHA256.HashData(key, content);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp,
            ["webhook-signature"] = "v1," + Convert.ToBase64String(signature),
        };
    }
}

/// <summary>The emulator's fal webhook key (Ed25519, made at start) and its JWKS, signed as fal signs.</summary>
public sealed class FalSigningKey
{
    private readonly Ed25519PrivateKeyParameters privateKey;

    public FalSigningKey()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        privateKey = (Ed25519PrivateKeyParameters)pair.Private;
        PublicKey = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
    }

    public byte[] PublicKey { get; }

    public string PublicKeyBase64Url => Base64Url.EncodeToString(PublicKey);

    public object Jwks => new { keys = new[] { new { kty = "OKP", crv = "Ed25519", x = PublicKeyBase64Url, kid = "emulator", use = "sig", alg = "EdDSA" } } };

    /// <summary>X-Fal-Webhook-* headers over "{request_id}\n{user_id}\n{timestamp}\n{sha256 hex(body)}", hex signature.</summary>
    public Dictionary<string, string> Headers(string requestId, string userId, DateTimeOffset at, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes($"{requestId}\n{userId}\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(body))}");
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(message, 0, message.Length);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Fal-Webhook-Request-Id"] = requestId,
            ["X-Fal-Webhook-User-Id"] = userId,
            ["X-Fal-Webhook-Timestamp"] = timestamp,
            ["X-Fal-Webhook-Signature"] = Convert.ToHexStringLower(signer.GenerateSignature()),
        };
    }
}
