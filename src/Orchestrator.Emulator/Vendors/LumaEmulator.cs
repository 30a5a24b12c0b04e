using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// Luma Dream Machine under /luma/dream-machine/v1: POST generations/video -> 201 Generation (duration "5s"/"9s");
/// GET generations (limit/offset), GET/DELETE generations/{id}; states queued, dreaming, completed, failed with
/// failure_reason; the whole Generation POSTed unsigned to callback_url on every state change.
/// </summary>
public sealed class LumaEmulator(EmulatorContext context) : VendorEmulator(context)
{
    private static readonly string[] Resolutions = ["540p", "720p", "1080p", "4k"];

    public override string Vendor => "luma";

    public override void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/luma/dream-machine/v1");
        api.MapPost("/generations/video", HandleSubmitAsync);
        api.MapGet("/generations", List);
        api.MapGet("/generations/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job => Results.Json(Generation(job))));
        api.MapDelete("/generations/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job =>
        {
            job.Delete(Now);
            return Results.NoContent();
        }));
    }

    public override WebhookMessage? WebhookFor(EmulatedJob job, JobPhase phase) => phase == JobPhase.Canceled ? null : PlainCallback(job, Generation(job));

    protected override bool Authorized(HttpRequest request) => HasBearer(request, Context.Options.LumaApiKey);

    protected override IResult ErrorResult(int status, string code, string message) => Results.Json(new { detail = message }, statusCode: status);

    protected override IResult RefusedAtSubmit(JobBehavior behavior) => ErrorResult(400, "moderation", "Prompt not allowed: it was flagged by moderation.");

    private async Task<IResult> HandleSubmitAsync(HttpRequest request)
    {
        var http = request.HttpContext;
        var body = await BodyAsync(request);
        var problem = body is null ? "the body must be a JSON object"
            : body["prompt"]?.GetValueKind() != JsonValueKind.String ? "prompt is required"
            : body["duration"] is { } duration && duration.ToString() is not ("5s" or "9s") ? "duration must be \"5s\" or \"9s\""
            : body["resolution"] is { } resolution && !Resolutions.Contains(resolution.ToString()) ? "resolution must be 540p, 720p, 1080p or 4k"
            : null;
        if (problem is not null)
        {
            return ErrorResult(400, "validation", problem);
        }
        var callback = body!["callback_url"]?.ToString();
        var facts = new SubmitFacts("generations/video", body["model"]?.ToString() ?? "ray-2", body["prompt"]!.GetValue<string>(), SecondsOf(body["duration"]), body, SignedKey(callback), callback);
        return await SubmitAsync(http, facts, job => Results.Json(Generation(job), statusCode: 201));
    }

    private IResult List(HttpContext http, int? limit, int? offset)
    {
        if (!Authorized(http.Request))
        {
            return ErrorResult(401, "unauthorized", "missing or invalid credentials");
        }
        var all = State.Jobs.Where(job => job.Vendor == Vendor && !job.Deleted).Reverse().ToList();
        var page = all.Skip(offset ?? 0).Take(limit ?? 10).Select(Generation).ToList();
        return Results.Json(new { generations = page, has_more = (offset ?? 0) + page.Count < all.Count, count = all.Count, limit = limit ?? 10, offset = offset ?? 0 });
    }

    private JsonObject Generation(EmulatedJob job)
    {
        var phase = job.PhaseAt(Now);
        return new JsonObject
        {
            ["id"] = job.Id,
            ["generation_type"] = "video",
            ["state"] = phase switch
            {
                JobPhase.Queued => "queued",
                JobPhase.Running => "dreaming",
                JobPhase.Succeeded => "completed",
                _ => "failed",
            },
            ["failure_reason"] = phase switch
            {
                JobPhase.Refused => job.Behavior.FailureMessage ?? "Prompt not allowed: the output was flagged by moderation.",
                JobPhase.Failed => job.Behavior.FailureMessage ?? "Internal server error during generation.",
                JobPhase.Canceled => "Generation was deleted.",
                _ => null,
            },
            ["created_at"] = job.CreatedAt.ToString("O"),
            ["model"] = job.Model,
            ["assets"] = phase == JobPhase.Succeeded ? new JsonObject { ["video"] = Context.FileUrl(job) } : null,
            ["request"] = job.Body.DeepClone(),
        };
    }
}
