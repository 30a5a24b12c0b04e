using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The app's own HTTP answers, shaped like the local host's: the contract's JSON (camelCase, kebab-case enum values, nulls
/// left out), and RFC 9457 problem details with the host's problem types (a title, a detail that says what to do, and
/// for an invalid request every problem with its JSON path), so a client handles both hosts alike. Headers are set
/// before the body is written: with the ASP.NET Core integration, writing starts the response.
/// </summary>
internal static class HttpAnswers
{
    private const string ProblemTypePrefix = "urn:orchestrator:problem:";

    public static Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T value, string? location = null) =>
        WriteAsync(request, status, "application/json", value, location is null ? [] : [KeyValuePair.Create("Location", location)]);

    /// <summary>202 without a body: the request was taken; <paramref name="location"/> shows where it goes.</summary>
    public static HttpResponseData Accepted(HttpRequestData request, string location)
    {
        var response = request.CreateResponse(HttpStatusCode.Accepted);
        response.Headers.Add("Location", location);
        return response;
    }

    public static Task<HttpResponseData> InvalidAsync(HttpRequestData request, IReadOnlyList<JobRequestError> errors) =>
        ProblemAsync(request, HttpStatusCode.BadRequest, "validation", "The job request is invalid",
            errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems: {string.Join("; ", errors)}", errors);

    /// <summary>A request without a key, or with one no entry has (401 with WWW-Authenticate), worded as the local host words it.</summary>
    public static Task<HttpResponseData> KeyRefusedAsync(HttpRequestData request, ApiKeyRefusal refusal) =>
        ProblemAsync(request, (HttpStatusCode)refusal.Status, refusal.Kind, refusal.Title, refusal.Detail,
            headers: refusal.Status == (int)HttpStatusCode.Unauthorized ? [KeyValuePair.Create("WWW-Authenticate", ApiKeyHeaders.Challenge)] : []);

    /// <summary>A refused start: 403 for a key of another team or environment, 409 for a reused idempotency key, else 400.</summary>
    public static Task<HttpResponseData> RefusedAsync(HttpRequestData request, JobStartRefusal refusal) => refusal.Code switch
    {
        JobStartRefusal.TeamMismatch or JobStartRefusal.EnvironmentMismatch => ForbiddenAsync(request, refusal.Message),
        JobStartRefusal.IdempotencyConflict => ConflictAsync(request, "Idempotency key already used", refusal.Message),
        _ => InvalidAsync(request, refusal.Errors.Count > 0 ? refusal.Errors : [new JobRequestError("$", refusal.Code, refusal.Message)]),
    };

    public static Task<HttpResponseData> ForbiddenAsync(HttpRequestData request, string detail) =>
        ProblemAsync(request, HttpStatusCode.Forbidden, "forbidden", "This API key may not do that", detail);

    /// <summary>A job that does not exist or that the caller's key may not see: the same answer, so ids of other teams reveal nothing.</summary>
    public static Task<HttpResponseData> JobNotFoundAsync(HttpRequestData request, string instanceId) =>
        ProblemAsync(request, HttpStatusCode.NotFound, "not-found", "No such job", $"There is no job '{instanceId}' that this API key can see.");

    public static Task<HttpResponseData> ConflictAsync(HttpRequestData request, string title, string detail) =>
        ProblemAsync(request, HttpStatusCode.Conflict, "conflict", title, detail);

    public static Task<HttpResponseData> UnsupportedMediaAsync(HttpRequestData request, string detail) =>
        ProblemAsync(request, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", detail);

    public static Task<HttpResponseData> WebhookRejectedAsync(HttpRequestData request, string vendor, string reason) =>
        ProblemAsync(request, HttpStatusCode.Unauthorized, "webhook-rejected", "Webhook rejected", $"The {vendor} webhook was not accepted: {reason}.");

    public static Task<HttpResponseData> WebhookTooLargeAsync(HttpRequestData request, int maxBytes) =>
        ProblemAsync(request, HttpStatusCode.RequestEntityTooLarge, "webhook-rejected", "Webhook too large", $"A webhook body is at most {maxBytes} bytes.");

    private static Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string type, string title, string detail,
        IReadOnlyList<JobRequestError>? errors = null, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        WriteAsync(request, status, "application/problem+json", new Problem(ProblemTypePrefix + type, title, (int)status, detail, errors), headers ?? []);

    private static async Task<HttpResponseData> WriteAsync<T>(
        HttpRequestData request, HttpStatusCode status, string contentType, T value, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", contentType);
        foreach (var (name, headerValue) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, headerValue);
        }
        await response.WriteStringAsync(JsonSerializer.Serialize(value, CoreJson.Options));
        return response;
    }

    private sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<JobRequestError>? Errors);
}
