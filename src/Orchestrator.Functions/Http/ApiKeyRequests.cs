using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The shared API key check (<see cref="ApiKeyRegistry"/>, the local host's too) on a Functions HTTP request. The
/// functions that start, read or cancel a team's jobs are anonymous at the platform and answer through this: a
/// Functions key would let any holder act for any team.
/// </summary>
internal static class ApiKeyRequests
{
    /// <summary>
    /// <paramref name="answer"/> for the request's caller (the key's id, team, admin flag and environment), or the
    /// refusal (401 problem details with WWW-Authenticate) when the request presents no key or one no entry has.
    /// </summary>
    public static async Task<HttpResponseData> AnswerAsCallerAsync(this ApiKeyRegistry keys, HttpRequestData request, Func<JobCaller, Task<HttpResponseData>> answer)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        var check = keys.Check(Header(request, ApiKeyHeaders.HeaderName), Header(request, ApiKeyHeaders.AuthorizationHeaderName));
        return check.Caller is { } caller ? await answer(caller) : await HttpAnswers.KeyRefusedAsync(request, check.Refusal!);
    }

    private static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
