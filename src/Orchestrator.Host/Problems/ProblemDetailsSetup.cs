using Microsoft.AspNetCore.Diagnostics;

namespace Orchestrator.Host.Problems;

/// <summary>
/// Problem details for everything the endpoints do not answer themselves: unknown routes and methods (404, 405), bodies the
/// framework refuses, and unhandled exceptions (500, without internals). Each problem carries the request's trace id.
/// </summary>
public static class ProblemDetailsSetup
{
    public static void AddTo(IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            if (context.Exception is BadHttpRequestException bad)
            {
                problem.Status = bad.StatusCode;
                problem.Title = "Bad request";
                problem.Detail = bad.Message;
                context.HttpContext.Response.StatusCode = bad.StatusCode;
            }
            problem.Detail ??= DetailFor(context.HttpContext.Request, problem.Status);
        });

    // What the framework's own refusals (no endpoint, wrong method or content type, a crash) mean for the caller.
    private static string? DetailFor(HttpRequest request, int? status) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is served at {request.Path}; see /openapi/v1.json for the API.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}; see /openapi/v1.json for the methods it takes.",
        StatusCodes.Status415UnsupportedMediaType => $"{request.Path} takes application/json (got '{request.ContentType ?? "no content type"}').",
        StatusCodes.Status500InternalServerError => "The host failed to answer; the error is logged with this request's trace id.",
        _ => null,
    };

    public static void Use(WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // BadHttpRequestException (a malformed body or route value) is the caller's fault: answer its status, not 500.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
    }
}
