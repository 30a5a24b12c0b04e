using System.Buffers.Text;
using System.Text.Json;
using Azure.Core;

namespace Orchestrator.Storage.Tests.Support;

/// <summary>
/// Stands in for DefaultAzureCredential: issues a Microsoft Entra ID shaped access token (storage audience, an Entra
/// issuer, a lifetime) and records the scopes it was asked for. Unsigned: Azurite's OAuth mode checks claims, not signatures.
/// </summary>
internal sealed class TestEntraIdCredential(TimeSpan? lifetimeOffset = null) : TokenCredential
{
    public List<string> RequestedScopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (RequestedScopes)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
        }
        var now = DateTimeOffset.UtcNow + (lifetimeOffset ?? TimeSpan.Zero);
        var expires = now.AddHours(1);
        var claims = new Dictionary<string, object>
        {
            ["aud"] = "https://storage.azure.com",
            ["iss"] = "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["oid"] = "11111111-2222-3333-4444-555555555555",
        };
        var token = $"{Segment(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" })}.{Segment(claims)}.";
        return new AccessToken(token, expires);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Segment(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
