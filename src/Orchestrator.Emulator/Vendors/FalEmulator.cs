using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// The fal queue under /fal/queue: POST {app path}[?fal_webhook=] ("Key" auth) answers request_id and the status,
/// response and cancel URLs without the app's subpath; status answers 202 while IN_QUEUE / IN_PROGRESS and 200 when
/// COMPLETED (with error and error_type on failure); the result holds video{url, content_type, file_name, file_size};
/// PUT cancel; Ed25519-signed webhooks, the public key at /fal/.well-known/jwks.json. Inputs are checked per model
/// family the way fal's 422 detail reports them.
/// </summary>
public sealed class FalEmulator(EmulatorContext context) : VendorEmulator(context)
{
    public override string Vendor => "fal";

    public override void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/fal/.well-known/jwks.json", () => Results.Json(Context.FalKey.Jwks));
        app.MapPost("/fal/queue/{**app}", HandleSubmitAsync);
        app.MapGet("/fal/queue/{owner}/{name}/requests/{id}/status", (HttpContext http, string id) => WithJobAsync(http, id, job => Status(http, job)));
        app.MapGet("/fal/queue/{owner}/{name}/requests/{id}", (HttpContext http, string id) => WithJobAsync(http, id, Result));
        app.MapPut("/fal/queue/{owner}/{name}/requests/{id}/cancel", (HttpContext http, string id) => WithJobAsync(http, id, job =>
            job.Cancel(Now)
                ? Results.Json(new { status = "CANCELLATION_REQUESTED" }, statusCode: 202)
                : Results.Json(new { status = "ALREADY_COMPLETED" }, statusCode: 400)));
    }

    public override WebhookMessage? WebhookFor(EmulatedJob job, JobPhase phase)
    {
        if (job.CallbackUrl is null || !EmulatedJob.IsTerminal(phase) || phase == JobPhase.Canceled)
        {
            return null;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(phase == JobPhase.Succeeded
            ? new JsonObject { ["request_id"] = job.Id, ["gateway_request_id"] = job.Id, ["status"] = "OK", ["payload"] = Output(job) }
            : new JsonObject
            {
                ["request_id"] = job.Id,
                ["gateway_request_id"] = job.Id,
                ["status"] = "ERROR",
                ["error"] = FailureMessage(job, phase),
                ["payload"] = new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["loc"] = new JsonArray("body"), ["msg"] = FailureMessage(job, phase), ["type"] = ErrorType(job, phase) }) },
            });
        return new WebhookMessage(job.CallbackUrl, Context.FalKey.Headers(job.Id, Context.Options.FalUserId, Now, body), body);
    }

    protected override bool Authorized(HttpRequest request) => request.Headers.Authorization.ToString() == $"Key {Context.Options.FalApiKey}";

    protected override IResult ErrorResult(int status, string code, string message) => Results.Json(new { detail = message, error_type = code }, statusCode: status);

    protected override IResult RefusedAtSubmit(JobBehavior behavior) => Invalid("prompt", "The prompt was flagged by the content checker.", "content_policy_violation");

    private static IResult Invalid(string field, string message, string type) =>
        Results.Json(new { detail = new[] { new { loc = new[] { "body", field }, msg = message, type } } }, statusCode: 422);

    private async Task<IResult> HandleSubmitAsync(HttpRequest request, string app)
    {
        var http = request.HttpContext;
        var body = await BodyAsync(request);
        if (body is null)
        {
            return Invalid("body", "the input must be a JSON object", "value_error");
        }
        if (Check(app, body) is { } problem)
        {
            return Invalid(problem.Field, problem.Message, "value_error");
        }
        var callback = request.Query["fal_webhook"].ToString();
        var prompt = body["prompt"]?.ToString() ?? string.Join(" ", (body["multi_prompt"] as JsonArray ?? []).Select(shot => shot?["prompt"]?.ToString()));
        var facts = new SubmitFacts(app, app, prompt, SecondsOf(body["duration"]), body, SignedKey(callback), callback.Length == 0 ? null : callback);
        return await SubmitAsync(http, facts, job =>
        {
            var requests = ResponseUrl(job);
            return Results.Json(new
            {
                request_id = job.Id,
                gateway_request_id = job.Id,
                status = "IN_QUEUE",
                queue_position = job.QueuePositionAt(Now),
                status_url = requests + "/status",
                response_url = requests,
                cancel_url = requests + "/cancel",
            });
        });
    }

    /// <summary>The input checks fal's model pages describe: durations as strings for Kling and Seedance, 5 or 10 for Pika.</summary>
    private static (string Field, string Message)? Check(string app, JsonObject body)
    {
        if (app.StartsWith("fal-ai/kling-video/", StringComparison.Ordinal))
        {
            if (body["duration"] is { } duration && (duration.GetValueKind() != JsonValueKind.String || SecondsOf(duration) is < 3 or > 15))
            {
                return ("duration", "duration must be a string from \"3\" to \"15\"");
            }
            if ((body["prompt"] is null) == (body["multi_prompt"] is null))
            {
                return ("prompt", "either prompt or multi_prompt must be provided, but not both");
            }
            if (body["multi_prompt"] is JsonArray shots && shots.Sum(shot => SecondsOf(shot?["duration"])) != SecondsOf(body["duration"]))
            {
                return ("multi_prompt", "the shots' durations must add up to duration");
            }
            return null;
        }
        if (app.StartsWith("bytedance/seedance-2.0/", StringComparison.Ordinal))
        {
            return body["duration"] is { } duration && duration.GetValueKind() != JsonValueKind.String ? ("duration", "duration must be \"auto\" or a string from \"4\" to \"15\"")
                : body["resolution"]?.ToString() is { } resolution && resolution is not ("480p" or "720p" or "1080p") ? ("resolution", "resolution must be 480p, 720p or 1080p")
                : app.EndsWith("/image-to-video", StringComparison.Ordinal) && body["image_url"] is null ? ("image_url", "image_url is required")
                : null;
        }
        if (app.StartsWith("fal-ai/pika/", StringComparison.Ordinal))
        {
            return body["duration"] is { } duration && (duration.GetValueKind() != JsonValueKind.Number || SecondsOf(duration) is not (5 or 10)) ? ("duration", "duration must be 5 or 10") : null;
        }
        return null;
    }

    private IResult Status(HttpContext http, EmulatedJob job)
    {
        if (job.Behavior.FalUserTimeout)
        {
            http.Response.Headers["X-Fal-Request-Timeout-Type"] = "user";
            return ErrorResult(504, "request_timeout", "Request timed out before a runner started it (X-Fal-Request-Timeout).");
        }
        var phase = job.PhaseAt(Now);
        return phase switch
        {
            JobPhase.Queued => Results.Json(new { status = "IN_QUEUE", queue_position = job.QueuePositionAt(Now), response_url = ResponseUrl(job) }, statusCode: 202),
            JobPhase.Running => Results.Json(new { status = "IN_PROGRESS", logs = new[] { new { message = $"progress {job.ProgressAt(Now)}%", level = "INFO", timestamp = Now.ToString("O") } } }, statusCode: 202),
            JobPhase.Succeeded => Results.Json(new { status = "COMPLETED", logs = Array.Empty<object>(), metrics = new { inference_time = (job.Behavior.RunMs / 1000.0) } }),
            _ => Results.Json(new { status = "COMPLETED", error = FailureMessage(job, phase), error_type = ErrorType(job, phase) }),
        };
    }

    private IResult Result(EmulatedJob job)
    {
        var phase = job.PhaseAt(Now);
        return phase switch
        {
            JobPhase.Queued or JobPhase.Running => ErrorResult(400, "request_in_progress", "Request is still in progress"),
            JobPhase.Succeeded => Results.Json(Output(job)),
            JobPhase.Refused => Invalid("prompt", FailureMessage(job, phase), ErrorType(job, phase)),
            _ => ErrorResult(500, ErrorType(job, phase), FailureMessage(job, phase)),
        };
    }

    private JsonObject Output(EmulatedJob job) => new()
    {
        ["video"] = new JsonObject
        {
            ["url"] = Context.FileUrl(job),
            ["content_type"] = "video/mp4",
            ["file_name"] = "output.mp4",
            ["file_size"] = Context.Media.For(Vendor, job.Seconds).Length,
        },
        ["seed"] = 42,
    };

    private static string ErrorType(EmulatedJob job, JobPhase phase) => job.Behavior.FailureCode ?? phase switch
    {
        JobPhase.Refused => "content_policy_violation",
        JobPhase.Canceled => "request_cancelled",
        _ => "runner_disconnected",
    };

    private static string FailureMessage(EmulatedJob job, JobPhase phase) => job.Behavior.FailureMessage ?? phase switch
    {
        JobPhase.Refused => "The output was flagged by the content checker.",
        JobPhase.Canceled => "Request was cancelled.",
        _ => "The runner disconnected while processing the request.",
    };

    /// <summary>The request's URL under the app's owner/name only (fal drops the subpath), as submit and status answers give it.</summary>
    private string ResponseUrl(EmulatedJob job) => new Uri(Context.BaseUrl, $"fal/queue/{string.Join('/', job.Path.Split('/').Take(2))}/requests/{job.Id}").AbsoluteUri;
}
