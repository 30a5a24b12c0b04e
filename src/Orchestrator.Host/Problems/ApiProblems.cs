using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Host.Problems;

/// <summary>
/// Every refusal the host answers, as RFC 9457 (7807) problem details with a stable <c>type</c> per kind, a title, and a
/// detail that says what to do. Validation problems list every problem with its JSON path.
/// </summary>
public static class ApiProblems
{
    public const string ValidationType = "urn:orchestrator:problem:validation";
    public const string UnauthorizedType = "urn:orchestrator:problem:unauthorized";
    public const string ForbiddenType = "urn:orchestrator:problem:forbidden";
    public const string NotFoundType = "urn:orchestrator:problem:not-found";
    public const string GoneType = "urn:orchestrator:problem:gone";
    public const string ConflictType = "urn:orchestrator:problem:conflict";
    public const string NotFinishedType = "urn:orchestrator:problem:not-finished";
    public const string UnsupportedMediaType = "urn:orchestrator:problem:unsupported-media-type";
    public const string BadRequestType = "urn:orchestrator:problem:bad-request";
    public const string WebhookRejectedType = "urn:orchestrator:problem:webhook-rejected";
    public const string UnavailableType = "urn:orchestrator:problem:unavailable";

    /// <summary>A request that did not pass validation: 400 with every problem (path, code, message) in <c>errors</c>.</summary>
    public static ProblemHttpResult Invalid(string title, IEnumerable<JobRequestError> errors)
    {
        var list = errors.Select(error => new ProblemError(error.Path, error.Code, error.Message)).ToList();
        var detail = list.Count == 1 ? list[0].ToString() : $"{list.Count} problems: {string.Join("; ", list)}";
        return Problem(StatusCodes.Status400BadRequest, ValidationType, title, detail, new() { ["errors"] = list });
    }

    /// <summary>One bad query or route parameter: 400 with it named in <c>errors</c>.</summary>
    public static ProblemHttpResult InvalidParameter(string name, string message) =>
        Invalid("A request parameter is invalid", [new JobRequestError(name, JobRequestErrorCodes.InvalidValue, message)]);

    public static ProblemHttpResult BadRequest(string title, string detail) => Problem(StatusCodes.Status400BadRequest, BadRequestType, title, detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, ForbiddenType, "This API key may not do that", detail);

    public static ProblemHttpResult NotFound(string what, string id) =>
        Problem(StatusCodes.Status404NotFound, NotFoundType, $"No such {what}", $"There is no {what} '{id}' that this API key can see.");

    public static ProblemHttpResult Gone(string instanceId, string status) =>
        Problem(StatusCodes.Status410Gone, GoneType, "The instance has already finished",
            $"Instance '{instanceId}' is {status}; it takes no more events or commands.");

    public static ProblemHttpResult NotFinished(string instanceId, string status) =>
        Problem(StatusCodes.Status412PreconditionFailed, NotFinishedType, "The instance has not finished",
            $"Only finished instances (Completed, Failed, Terminated) can be purged; instance '{instanceId}' is {status}.");

    public static ProblemHttpResult Conflict(string title, string detail) => Problem(StatusCodes.Status409Conflict, ConflictType, title, detail);

    public static ProblemHttpResult UnsupportedMedia(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType, "Unsupported content type", detail);

    public static ProblemHttpResult WebhookRejected(string vendor, string reason) =>
        Problem(StatusCodes.Status401Unauthorized, WebhookRejectedType, "Webhook rejected", $"The {vendor} webhook was not accepted: {reason}.");

    /// <summary>The host cannot serve yet (its storage or store does not answer): 503, to be asked again later.</summary>
    public static ProblemHttpResult Unavailable(string detail, Dictionary<string, object?> extensions) =>
        Problem(StatusCodes.Status503ServiceUnavailable, UnavailableType, "The host is not ready", detail, extensions);

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, Dictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail, Extensions = extensions ?? [] });

    /// <summary>One problem of a validation answer.</summary>
    public sealed record ProblemError(string Path, string Code, string Message)
    {
        public override string ToString() => $"{Path}: {Message}";
    }
}
