using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Vendors.Kling;

/// <summary>
/// Kling's per-request token: an HS256 JWT of {"iss": access key, "exp": now + lifetime, "nbf": now - 5}, signed with the
/// secret key. Written by hand (a few lines) because System.IdentityModel.Tokens.Jwt is not available here.
/// </summary>
public static class KlingJwt
{
    public static string Create(string accessKey, string secretKey, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = accessKey,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds() - 5,
        }));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }
}
