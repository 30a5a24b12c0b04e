namespace Orchestrator.Workflow.Access;

/// <summary>How a caller presents its API key over HTTP, to either host: <c>X-Api-Key: key</c> or <c>Authorization: Bearer key</c>.</summary>
public static class ApiKeyHeaders
{
    public const string HeaderName = "X-Api-Key";

    public const string AuthorizationHeaderName = "Authorization";

    /// <summary>The scheme named in WWW-Authenticate on a 401.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The WWW-Authenticate value of a 401: which header to send.</summary>
    public const string Challenge = $"{SchemeName} header=\"{HeaderName}\"";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The key a request presents: its X-Api-Key header, else its bearer token; null when it presents none.</summary>
    public static string? Presented(string? apiKeyHeader, string? authorizationHeader)
    {
        if (!string.IsNullOrWhiteSpace(apiKeyHeader))
        {
            return apiKeyHeader.Trim();
        }
        return authorizationHeader is { } authorization && authorization.Length > BearerPrefix.Length
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : null;
    }
}
