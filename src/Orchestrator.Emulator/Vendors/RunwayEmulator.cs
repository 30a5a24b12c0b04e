using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Emulator.State;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// Runway under /runway/v1: POST text_to_video, image_to_video, video_to_video (Bearer key and X-Runway-Version
/// required; camelCase; integer duration; ratio "W:H"), GET/DELETE tasks/{id} with PENDING, RUNNING (progress 0-1),
/// SUCCEEDED (output URLs), FAILED (failure, failureCode), CANCELLED. No webhooks.
/// </summary>
public sealed partial class RunwayEmulator(EmulatorContext context) : VendorEmulator(context)
{
    public override string Vendor => "runway";

    public override void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/runway/v1");
        foreach (var endpoint in new[] { "text_to_video", "image_to_video", "video_to_video" })
        {
            api.MapPost($"/{endpoint}", (HttpRequest request) => HandleSubmitAsync(request, endpoint));
        }
        api.MapGet("/tasks/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job => Results.Json(Task(job))));
        api.MapDelete("/tasks/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job =>
        {
            job.Cancel(Now);
            return Results.NoContent();
        }));
    }

    protected override bool Authorized(HttpRequest request) => HasBearer(request, Context.Options.RunwayApiKey);

    protected override IResult ErrorResult(int status, string code, string message) => Results.Json(new { error = message }, statusCode: status);

    protected override IResult RefusedAtSubmit(JobBehavior behavior) => ErrorResult(400, "SAFETY.INPUT.TEXT", "The prompt was flagged by content moderation.");

    private async Task<IResult> HandleSubmitAsync(HttpRequest request, string endpoint)
    {
        var http = request.HttpContext;
        if (request.Headers["X-Runway-Version"] != Context.Options.RunwayVersion)
        {
            return ErrorResult(400, "version", $"X-Runway-Version must be {Context.Options.RunwayVersion}");
        }
        var body = await BodyAsync(request);
        var problem = body is null ? "the body must be a JSON object"
            : body["promptText"]?.GetValueKind() != JsonValueKind.String ? "promptText is required"
            : body["ratio"] is not { } ratio || !Ratio().IsMatch(ratio.ToString()) ? "ratio must look like 1280:720"
            : endpoint != "video_to_video" && body["duration"] is { } duration && duration.GetValueKind() != JsonValueKind.Number ? "duration must be an integer"
            : endpoint == "image_to_video" && body["promptImage"] is null ? "promptImage is required"
            : endpoint == "video_to_video" && body["videoUri"] is null ? "videoUri is required"
            : null;
        if (problem is not null)
        {
            return ErrorResult(400, "validation", problem);
        }
        var facts = new SubmitFacts(endpoint, body!["model"]?.ToString() ?? string.Empty, body["promptText"]!.GetValue<string>(), SecondsOf(body["duration"]), body, null, null);
        return await SubmitAsync(http, facts, job => Results.Json(new { id = job.Id }));
    }

    private JsonObject Task(EmulatedJob job)
    {
        var phase = job.PhaseAt(Now);
        var task = new JsonObject
        {
            ["id"] = job.Id,
            ["createdAt"] = job.CreatedAt.ToString("O"),
            ["status"] = phase switch
            {
                JobPhase.Queued => "PENDING",
                JobPhase.Running => "RUNNING",
                JobPhase.Succeeded => "SUCCEEDED",
                JobPhase.Canceled => "CANCELLED",
                _ => "FAILED",
            },
        };
        if (phase == JobPhase.Running)
        {
            task["progress"] = job.ProgressAt(Now) / 100.0;
        }
        if (phase == JobPhase.Succeeded)
        {
            task["output"] = new JsonArray(Context.FileUrl(job));
        }
        if (phase is JobPhase.Failed or JobPhase.Refused)
        {
            var refused = phase == JobPhase.Refused;
            task["failureCode"] = job.Behavior.FailureCode ?? (refused ? "SAFETY.OUTPUT.VIDEO" : "INTERNAL.BAD_OUTPUT.CODE01");
            task["failure"] = job.Behavior.FailureMessage ?? (refused ? "The output was flagged by content moderation." : "An internal error occurred.");
        }
        return task;
    }

    [GeneratedRegex(@"^\d+:\d+$")]
    private static partial Regex Ratio();
}
