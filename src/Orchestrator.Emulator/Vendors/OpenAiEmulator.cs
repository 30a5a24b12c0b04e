using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Emulator.Media;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// OpenAI Videos under /openai/v1: POST/GET /videos, GET/DELETE /videos/{id}, GET /videos/{id}/content (the C2PA-signed
/// clip), openai-poll-after-ms on status answers, Standard Webhooks to the project's endpoint, and POST /moderations.
/// </summary>
public sealed class OpenAiEmulator(EmulatorContext context) : VendorEmulator(context)
{
    private static readonly string[] Sizes = ["720x1280", "1280x720", "1024x1792", "1792x1024", "1920x1080", "1080x1920"];

    public override string Vendor => "openai";

    public override void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/openai/v1");
        api.MapPost("/videos", HandleSubmitAsync);
        api.MapGet("/videos", List);
        api.MapGet("/videos/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job => Video(http, job)));
        api.MapDelete("/videos/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job =>
        {
            job.Delete(Now);
            return Results.Json(new { id = job.Id, @object = "video.deleted", deleted = true });
        }));
        api.MapGet("/videos/{id}/content", (HttpContext http, string id) => WithJobAsync(http, id, job =>
            job.PhaseAt(Now) != JobPhase.Succeeded ? ErrorResult(404, "video_not_ready", "the video is not completed")
            : job.OutputExpiresAt(Context.Options.OutputLifetime) <= Now ? ErrorResult(404, "video_expired", "the video has expired")
            : new ClipResult(Context.Media.For(Vendor, job.Seconds), job.Behavior.Download)));
        api.MapPost("/moderations", HandleModerationAsync);
    }

    public override WebhookMessage? WebhookFor(EmulatedJob job, JobPhase phase)
    {
        if (Context.OpenAiWebhookUrl is not { } url || !EmulatedJob.IsTerminal(phase) || phase == JobPhase.Canceled)
        {
            return null;
        }
        var id = $"evt_{Guid.NewGuid():N}";
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id,
            @object = "event",
            created_at = Unix(Now),
            type = phase == JobPhase.Succeeded ? "video.completed" : "video.failed",
            data = new { id = job.Id },
        });
        return new WebhookMessage(url, StandardWebhookSigner.Headers(Context.Options.OpenAiWebhookSecret, id, Now, body), body);
    }

    protected override bool Authorized(HttpRequest request) => HasBearer(request, Context.Options.OpenAiApiKey);

    protected override IResult ErrorResult(int status, string code, string message) =>
        Results.Json(new { error = new { message, type = status == 429 ? "rate_limit_error" : "invalid_request_error", param = (string?)null, code } }, statusCode: status);

    protected override IResult RefusedAtSubmit(JobBehavior behavior) => ErrorResult(400, "moderation_blocked", "Your request was blocked by our moderation system.");

    protected override string NewJobId() => $"video_{Guid.NewGuid():N}";

    private async Task<IResult> HandleSubmitAsync(HttpRequest request)
    {
        var http = request.HttpContext;
        var body = await BodyAsync(request);
        if (body is null || body["prompt"]?.GetValueKind() != JsonValueKind.String || body["prompt"]!.GetValue<string>().Length is 0 or > 32_000)
        {
            return ErrorResult(400, "invalid_value", "prompt is required (1-32000 characters)");
        }
        if (body["seconds"] is { } seconds && seconds.GetValueKind() != JsonValueKind.String)
        {
            return ErrorResult(400, "invalid_type", "seconds must be a string such as \"8\"");
        }
        if (body["size"] is { } size && !Sizes.Contains(size.ToString()))
        {
            return ErrorResult(400, "invalid_value", $"size must be one of {string.Join(", ", Sizes)}");
        }
        var model = body["model"]?.ToString() ?? "sora-2";
        var facts = new SubmitFacts("/videos", model, body["prompt"]!.GetValue<string>(), SecondsOf(body["seconds"] ?? "4"), body, null, null);
        return await SubmitAsync(http, facts, job => Video(http, job));
    }

    private IResult List(HttpContext http, int? limit, string? after)
    {
        if (!Authorized(http.Request))
        {
            return ErrorResult(401, "invalid_api_key", "missing or invalid credentials");
        }
        var all = State.Jobs.Where(job => job.Vendor == Vendor && !job.Deleted).Reverse().ToList();
        var start = after is null ? 0 : all.FindIndex(job => job.Id == after) + 1;
        var page = all.Skip(start).Take(limit ?? 20).ToList();
        return Results.Json(new { @object = "list", data = page.Select(VideoObject), has_more = start + page.Count < all.Count, first_id = page.FirstOrDefault()?.Id, last_id = page.LastOrDefault()?.Id });
    }

    private IResult Video(HttpContext http, EmulatedJob job)
    {
        http.Response.Headers["openai-poll-after-ms"] = Context.Options.OpenAiPollAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(VideoObject(job));
    }

    private JsonObject VideoObject(EmulatedJob job)
    {
        var phase = job.PhaseAt(Now);
        var done = EmulatedJob.IsTerminal(phase);
        return new JsonObject
        {
            ["id"] = job.Id,
            ["object"] = "video",
            ["model"] = job.Model,
            ["status"] = phase switch
            {
                JobPhase.Queued => "queued",
                JobPhase.Running => "in_progress",
                JobPhase.Succeeded => "completed",
                _ => "failed",
            },
            ["progress"] = job.ProgressAt(Now),
            ["created_at"] = Unix(job.CreatedAt),
            ["completed_at"] = done ? Unix(job.FinishesAt) : null,
            ["expires_at"] = phase == JobPhase.Succeeded ? Unix(job.OutputExpiresAt(Context.Options.OutputLifetime)) : null,
            ["size"] = job.Body["size"]?.ToString() ?? "720x1280",
            ["seconds"] = job.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["prompt"] = job.Prompt,
            ["remixed_from_video_id"] = null,
            ["error"] = phase switch
            {
                JobPhase.Failed => new JsonObject { ["code"] = job.Behavior.FailureCode ?? "video_generation_failed", ["message"] = job.Behavior.FailureMessage ?? "Video generation failed." },
                JobPhase.Refused => new JsonObject { ["code"] = job.Behavior.FailureCode ?? "moderation_blocked", ["message"] = job.Behavior.FailureMessage ?? "The output was blocked by our moderation system." },
                JobPhase.Canceled => new JsonObject { ["code"] = "cancelled", ["message"] = "The video was deleted before it completed." },
                _ => null,
            },
        };
    }

    private async Task<IResult> HandleModerationAsync(HttpRequest request)
    {
        if (!Authorized(request))
        {
            return ErrorResult(401, "invalid_api_key", "missing or invalid credentials");
        }
        var body = await BodyAsync(request);
        var inputs = body?["input"] switch
        {
            JsonArray array => array.Select(item => item?.ToString() ?? string.Empty).ToList(),
            { } single => [single.ToString()],
            null => null,
        };
        if (inputs is null)
        {
            return ErrorResult(400, "invalid_value", "input is required");
        }
        return Results.Json(new
        {
            id = $"modr-{Guid.NewGuid():N}",
            model = body!["model"]?.ToString() ?? "omni-moderation-latest",
            results = inputs.Select(input =>
            {
                var flagged = Context.Options.FlaggedTerms.Any(term => input.Contains(term, StringComparison.OrdinalIgnoreCase));
                return new
                {
                    flagged,
                    categories = new Dictionary<string, bool> { ["violence"] = flagged, ["harassment"] = false, ["sexual"] = false, ["self-harm"] = false },
                    category_scores = new Dictionary<string, double> { ["violence"] = flagged ? 0.97 : 0.01, ["harassment"] = 0.01, ["sexual"] = 0.0, ["self-harm"] = 0.0 },
                };
            }),
        });
    }
}
