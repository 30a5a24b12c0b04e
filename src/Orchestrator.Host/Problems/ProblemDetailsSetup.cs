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
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Status = bad.StatusCode;
                context.ProblemDetails.Title = "Bad request";
                context.ProblemDetails.Detail = bad.Message;
                context.HttpContext.Response.StatusCode = bad.StatusCode;
            }
        });

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
