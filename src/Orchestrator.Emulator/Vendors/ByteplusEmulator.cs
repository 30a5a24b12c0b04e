using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// BytePlus ModelArk under /byteplus/api/v3: POST contents/generations/tasks (content[] with a text item, integer
/// duration 4-15) -> {id}; GET tasks/{id} (queued, running, succeeded, failed, cancelled; error{code,message};
/// content.video_url; usage tokens by the Seedance formula); GET tasks (paged, filter.model); DELETE cancels a queued
/// task only; the task JSON POSTed unsigned to callback_url on running and at the end.
/// </summary>
public sealed class ByteplusEmulator(EmulatorContext context) : VendorEmulator(context)
{
    public override string Vendor => "byteplus";

    public override void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/byteplus/api/v3/contents/generations/tasks");
        api.MapPost("/", HandleSubmitAsync);
        api.MapGet("/", List);
        api.MapGet("/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job => Results.Json(Task(job))));
        api.MapDelete("/{id}", (HttpContext http, string id) => WithJobAsync(http, id, job =>
            job.PhaseAt(Now) == JobPhase.Running
                ? ErrorResult(400, "InvalidAction.TaskRunning", "A running task cannot be cancelled.")
                : Cancelled(job)));
    }

    public override WebhookMessage? WebhookFor(EmulatedJob job, JobPhase phase) => phase == JobPhase.Queued ? null : PlainCallback(job, Task(job));

    protected override bool Authorized(HttpRequest request) => HasBearer(request, Context.Options.ByteplusApiKey);

    protected override IResult ErrorResult(int status, string code, string message) =>
        Results.Json(new { error = new { code, message, param = (string?)null, type = status >= 500 ? "ServerError" : "BadRequest" } }, statusCode: status);

    protected override IResult RefusedAtSubmit(JobBehavior behavior) => ErrorResult(400, "InputTextSensitiveContentDetected", "The request failed because the input text may contain sensitive information.");

    protected override string NewJobId() => $"cgt-{Now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    private IResult Cancelled(EmulatedJob job)
    {
        job.Cancel(Now);
        return Results.Json(new { });
    }

    private async Task<IResult> HandleSubmitAsync(HttpRequest request)
    {
        var http = request.HttpContext;
        var body = await BodyAsync(request);
        var text = (body?["content"] as JsonArray)?.FirstOrDefault(item => item?["type"]?.ToString() == "text")?["text"]?.ToString();
        var problem = body is null ? "the body must be a JSON object"
            : text is null ? "content must hold a text item"
            : body["duration"] is { } duration && (duration.GetValueKind() != JsonValueKind.Number || SecondsOf(duration) is < 4 or > 15) ? "duration must be an integer from 4 to 15"
            : body["resolution"]?.ToString() is { } resolution && resolution is not ("480p" or "720p" or "1080p") ? "resolution must be 480p, 720p or 1080p"
            : null;
        if (problem is not null)
        {
            return ErrorResult(400, "InvalidParameter", problem);
        }
        var callback = body!["callback_url"]?.ToString();
        var facts = new SubmitFacts("contents/generations/tasks", body["model"]?.ToString() ?? string.Empty, text!, SecondsOf(body["duration"]), body, SignedKey(callback), callback);
        return await SubmitAsync(http, facts, job => Results.Json(new { id = job.Id }));
    }

    private IResult List(HttpContext http)
    {
        if (!Authorized(http.Request))
        {
            return ErrorResult(401, "AuthenticationError", "missing or invalid credentials");
        }
        var query = http.Request.Query;
        var model = query["filter.model"].ToString();
        var size = int.TryParse(query["page_size"], out var pageSize) ? pageSize : 10;
        var number = int.TryParse(query["page_num"], out var pageNumber) ? pageNumber : 1;
        var all = State.Jobs.Where(job => job.Vendor == Vendor && !job.Deleted && (model.Length == 0 || job.Model == model)).Reverse().ToList();
        return Results.Json(new { items = all.Skip((number - 1) * size).Take(size).Select(Task), total = all.Count });
    }

    private JsonObject Task(EmulatedJob job)
    {
        var phase = job.PhaseAt(Now);
        var updated = EmulatedJob.IsTerminal(phase) ? job.CanceledAt ?? job.FinishesAt : Now;
        var (width, height) = Frame(job);
        var tokens = (long)width * height * job.Seconds * 24 / 1024;
        return new JsonObject
        {
            ["id"] = job.Id,
            ["model"] = job.Model,
            ["status"] = phase switch
            {
                JobPhase.Queued => "queued",
                JobPhase.Running => "running",
                JobPhase.Succeeded => "succeeded",
                JobPhase.Canceled => "cancelled",
                _ => "failed",
            },
            ["error"] = phase switch
            {
                JobPhase.Refused => new JsonObject { ["code"] = job.Behavior.FailureCode ?? "OutputVideoSensitiveContentDetected", ["message"] = job.Behavior.FailureMessage ?? "The generated video may contain sensitive information." },
                JobPhase.Failed => new JsonObject { ["code"] = job.Behavior.FailureCode ?? "InternalServiceError", ["message"] = job.Behavior.FailureMessage ?? "The service encountered an unexpected internal error." },
                _ => null,
            },
            ["content"] = phase == JobPhase.Succeeded ? new JsonObject { ["video_url"] = Context.FileUrl(job) } : null,
            ["usage"] = phase == JobPhase.Succeeded ? new JsonObject { ["completion_tokens"] = tokens, ["total_tokens"] = tokens } : null,
            ["created_at"] = Unix(job.CreatedAt),
            ["updated_at"] = Unix(updated),
            ["duration"] = job.Seconds,
            ["resolution"] = job.Body["resolution"]?.ToString() ?? "720p",
            ["ratio"] = job.Body["ratio"]?.ToString() ?? "16:9",
            // Echo of the request's callback_url: unconfirmed for the real listing; the adapters' lookups rely on it.
            ["callback_url"] = job.CallbackUrl,
        };
    }

    private static (int Width, int Height) Frame(EmulatedJob job)
    {
        var lines = job.Body["resolution"]?.ToString() switch { "480p" => 480, "1080p" => 1080, _ => 720 };
        var ratio = (job.Body["ratio"]?.ToString() ?? "16:9").Split(':');
        var (w, h) = (double.Parse(ratio[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(ratio[1], System.Globalization.CultureInfo.InvariantCulture));
        var longSide = (int)(Math.Round(lines * Math.Max(w, h) / Math.Min(w, h) / 2) * 2);
        return w >= h ? (longSide, lines) : (lines, longSide);
    }
}
