using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// RFC 9457 problem details for the app's own refusals, with the local host's problem types, so a client handles both
/// hosts alike: the type, a title, a detail that says what to do, and for an invalid request every problem with its path.
/// </summary>
internal static class ProblemResponses
{
    private const string TypePrefix = "urn:orchestrator:problem:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static Task<HttpResponseData> InvalidAsync(HttpRequestData request, IReadOnlyList<JobRequestError> errors) =>
        WriteAsync(request, HttpStatusCode.BadRequest, "validation", "The job request is invalid",
            errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems: {string.Join("; ", errors)}", errors);

    /// <summary>A refused start: 403 for a key of another team or environment, 409 for a reused idempotency key, else 400.</summary>
    public static Task<HttpResponseData> RefusedAsync(HttpRequestData request, JobStartRefusal refusal) => refusal.Code switch
    {
        JobStartRefusal.TeamMismatch or JobStartRefusal.EnvironmentMismatch =>
            WriteAsync(request, HttpStatusCode.Forbidden, "forbidden", "This API key may not do that", refusal.Message),
        JobStartRefusal.IdempotencyConflict =>
            WriteAsync(request, HttpStatusCode.Conflict, "conflict", "The idempotency key was used for another request", refusal.Message),
        _ => InvalidAsync(request, refusal.Errors.Count > 0 ? refusal.Errors : [new JobRequestError("$", refusal.Code, refusal.Message)]),
    };

    public static Task<HttpResponseData> UnsupportedMediaAsync(HttpRequestData request, string detail) =>
        WriteAsync(request, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", detail);

    public static Task<HttpResponseData> WebhookRejectedAsync(HttpRequestData request, string vendor, string reason) =>
        WriteAsync(request, HttpStatusCode.Unauthorized, "webhook-rejected", "Webhook rejected", $"The {vendor} webhook was not accepted: {reason}.");

    private static async Task<HttpResponseData> WriteAsync(
        HttpRequestData request, HttpStatusCode status, string type, string title, string detail, IReadOnlyList<JobRequestError>? errors = null)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/problem+json");
        var problem = new Problem(TypePrefix + type, title, (int)status, detail, errors);
        await response.WriteStringAsync(JsonSerializer.Serialize(problem, Json));
        return response;
    }

    private sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<JobRequestError>? Errors);
}
