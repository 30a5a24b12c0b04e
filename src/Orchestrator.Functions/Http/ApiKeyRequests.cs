using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Workflow.Access;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The shared API key check (<see cref="ApiKeyRegistry"/>, the local host's too) on a Functions HTTP request. The
/// functions that start or read a team's jobs are anonymous at the platform and call this first: a Functions key would
/// let any holder act for any team.
/// </summary>
internal static class ApiKeyRequests
{
    /// <summary>The request's caller (the key's id, team, admin flag and environment), or the refusal to answer.</summary>
    public static ApiKeyCheck CheckKey(this ApiKeyRegistry keys, HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(request);
        return keys.Check(Header(request, ApiKeyHeaders.HeaderName), Header(request, ApiKeyHeaders.AuthorizationHeaderName));
    }

    private static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
