using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The app's own HTTP answers, shaped like the local host's: camelCase JSON with enums as names, and RFC 9457 problem
/// details with the host's problem types (a title, a detail that says what to do, and for an invalid request every
/// problem with its JSON path), so a client handles both hosts alike.
/// </summary>
internal static class HttpAnswers
{
    private const string ProblemTypePrefix = "urn:orchestrator:problem:";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T value) =>
        WriteAsync(request, status, "application/json", value);

    public static Task<HttpResponseData> InvalidAsync(HttpRequestData request, IReadOnlyList<JobRequestError> errors) =>
        ProblemAsync(request, HttpStatusCode.BadRequest, "validation", "The job request is invalid",
            errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems: {string.Join("; ", errors)}", errors);

    /// <summary>A refused start: 403 for a key of another team or environment, 409 for a reused idempotency key, else 400.</summary>
    public static Task<HttpResponseData> RefusedAsync(HttpRequestData request, JobStartRefusal refusal) => refusal.Code switch
    {
        JobStartRefusal.TeamMismatch or JobStartRefusal.EnvironmentMismatch =>
            ProblemAsync(request, HttpStatusCode.Forbidden, "forbidden", "This API key may not do that", refusal.Message),
        JobStartRefusal.IdempotencyConflict =>
            ProblemAsync(request, HttpStatusCode.Conflict, "conflict", "Idempotency key already used", refusal.Message),
        _ => InvalidAsync(request, refusal.Errors.Count > 0 ? refusal.Errors : [new JobRequestError("$", refusal.Code, refusal.Message)]),
    };

    public static Task<HttpResponseData> UnsupportedMediaAsync(HttpRequestData request, string detail) =>
        ProblemAsync(request, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", detail);

    public static Task<HttpResponseData> WebhookRejectedAsync(HttpRequestData request, string vendor, string reason) =>
        ProblemAsync(request, HttpStatusCode.Unauthorized, "webhook-rejected", "Webhook rejected", $"The {vendor} webhook was not accepted: {reason}.");

    public static Task<HttpResponseData> WebhookTooLargeAsync(HttpRequestData request, int maxBytes) =>
        ProblemAsync(request, HttpStatusCode.RequestEntityTooLarge, "webhook-rejected", "Webhook too large", $"A webhook body is at most {maxBytes} bytes.");

    private static Task<HttpResponseData> ProblemAsync(
        HttpRequestData request, HttpStatusCode status, string type, string title, string detail, IReadOnlyList<JobRequestError>? errors = null) =>
        WriteAsync(request, status, "application/problem+json", new Problem(ProblemTypePrefix + type, title, (int)status, detail, errors));

    private static async Task<HttpResponseData> WriteAsync<T>(HttpRequestData request, HttpStatusCode status, string contentType, T value)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", contentType);
        await response.WriteStringAsync(JsonSerializer.Serialize(value, Json));
        return response;
    }

    private sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<JobRequestError>? Errors);
}
