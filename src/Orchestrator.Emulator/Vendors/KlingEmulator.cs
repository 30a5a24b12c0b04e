using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// Kling's official API under /kling: POST v1/videos/{text2video, image2video, omni-video, motion-control} and GET
/// v1/videos/{kind}/{task_id or external_task_id}, in the {code, message, request_id, data} envelope (ms timestamps).
/// Every call must carry a valid HS256 JWT (iss = access key, nbf/exp checked on the emulator's clock); a repeated
/// external_task_id is refused (1201); callbacks are POSTed unsigned at the end.
/// </summary>
public sealed class KlingEmulator(EmulatorContext context) : VendorEmulator(context)
{
    private static readonly string[] Kinds = ["text2video", "image2video", "omni-video", "motion-control"];

    public override string Vendor => "kling";

    public override void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/kling/v1/videos");
        api.MapPost("/{kind}", HandleSubmitAsync);
        api.MapGet("/{kind}/{id}", (HttpContext http, string kind, string id) =>
            WithJobAsync(http, State.Find(Vendor, id) ?? State.FindByKey(Vendor, id), job => Envelope(Data(job))));
    }

    public override WebhookMessage? WebhookFor(EmulatedJob job, JobPhase phase) =>
        EmulatedJob.IsTerminal(phase) ? PlainCallback(job, new JsonObject { ["code"] = 0, ["message"] = "SUCCEED", ["request_id"] = Guid.NewGuid().ToString(), ["data"] = Data(job) }) : null;

    protected override bool Authorized(HttpRequest request) => TokenProblem(request) is null;

    protected override IResult Unauthorized(HttpRequest request) => TokenProblem(request) is { } problem ? ErrorResult(401, problem.Code, problem.Message) : base.Unauthorized(request);

    protected override IResult ErrorResult(int status, string code, string message) => Results.Json(ErrorEnvelope(status, code, message), statusCode: status);

    /// <summary>Kling answers some business errors with HTTP 200 and the code in the envelope; a script can ask for that.</summary>
    protected override IResult ScriptedError(JobBehavior behavior, int status, string code, string message) =>
        behavior.KlingErrorInOkAnswer ? Results.Json(ErrorEnvelope(status, behavior.ErrorCode ?? code, message)) : base.ScriptedError(behavior, status, code, message);

    protected override IResult RefusedAtSubmit(JobBehavior behavior) => ScriptedError(behavior, 400, "1301", "Trigger the content security policy");

    private async Task<IResult> HandleSubmitAsync(HttpRequest request, string kind)
    {
        var http = request.HttpContext;
        if (!Authorized(request))
        {
            return Unauthorized(request);
        }
        if (!Kinds.Contains(kind))
        {
            return ErrorResult(404, "1202", $"no endpoint v1/videos/{kind}");
        }
        var body = await BodyAsync(request);
        var invalid = body is null ? "the body must be a JSON object"
            : kind != "motion-control" && body["prompt"]?.GetValueKind() != JsonValueKind.String ? "prompt is required"
            : body["prompt"]?.ToString().Length > 2500 ? "prompt is longer than 2500 characters"
            : body["duration"] is { } duration && duration.GetValueKind() != JsonValueKind.String ? "duration must be a string"
            : body["mode"]?.ToString() is { } mode && mode is not ("std" or "pro" or "4k") ? "mode must be std or pro"
            : kind == "image2video" && body["image"] is null && body["image_tail"] is null ? "image is required"
            : kind == "motion-control" && (body["image_url"] is null || body["video_url"] is null) ? "image_url and video_url are required"
            : body["multi_prompt"] is JsonArray shots && shots.Sum(shot => SecondsOf(shot?["duration"])) != SecondsOf(body["duration"]) ? "the shots' durations must add up to duration"
            : null;
        if (invalid is not null)
        {
            return ErrorResult(400, "1201", invalid);
        }
        var externalId = body!["external_task_id"]?.ToString();
        if (externalId is not null && State.FindByKey(Vendor, externalId) is not null)
        {
            State.CountAttempt(Vendor, externalId);
            return ErrorResult(400, "1201", $"external_task_id {externalId} already exists");
        }
        var facts = new SubmitFacts(kind, body["model_name"]?.ToString() ?? "kling-v1", body["prompt"]?.ToString() ?? string.Empty, SecondsOf(body["duration"]), body,
            externalId, body["callback_url"]?.ToString());
        return await SubmitAsync(http, facts, job => Envelope(Data(job)));
    }

    private static JsonObject ErrorEnvelope(int status, string code, string message) => new()
    {
        ["code"] = int.TryParse(code, out var number) ? number : status switch { 401 => 1000, 404 => 1203, 429 => 1302, >= 500 => 5000, _ => 1200 },
        ["message"] = message,
        ["request_id"] = Guid.NewGuid().ToString(),
        ["data"] = null,
    };

    private static IResult Envelope(JsonObject data) =>
        Results.Json(new JsonObject { ["code"] = 0, ["message"] = "SUCCEED", ["request_id"] = Guid.NewGuid().ToString(), ["data"] = data });

    private JsonObject Data(EmulatedJob job)
    {
        var phase = job.PhaseAt(Now);
        var data = new JsonObject
        {
            ["task_id"] = job.Id,
            ["task_status"] = phase switch
            {
                JobPhase.Queued => "submitted",
                JobPhase.Running => "processing",
                JobPhase.Succeeded => "succeed",
                _ => "failed",
            },
            ["task_status_msg"] = phase switch
            {
                JobPhase.Refused => job.Behavior.FailureMessage ?? "Failure to pass the risk control system",
                JobPhase.Failed => job.Behavior.FailureMessage ?? "Internal error, please try again later",
                _ => string.Empty,
            },
            ["task_info"] = new JsonObject { ["external_task_id"] = job.SubmissionKey },
            ["model_name"] = job.Model,
            ["created_at"] = job.CreatedAt.ToUnixTimeMilliseconds(),
            ["updated_at"] = (EmulatedJob.IsTerminal(phase) ? job.FinishesAt : Now).ToUnixTimeMilliseconds(),
        };
        if (phase == JobPhase.Succeeded)
        {
            var unitsPerSecond = job.Body["mode"]?.ToString() == "pro" ? 0.8m : 0.6m;
            data["final_unit_deduction"] = (unitsPerSecond * job.Seconds).ToString(CultureInfo.InvariantCulture);
            data["task_result"] = new JsonObject
            {
                ["videos"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"{job.Id}-v1",
                    ["url"] = Context.FileUrl(job),
                    ["duration"] = job.Seconds.ToString(CultureInfo.InvariantCulture),
                }),
            };
        }
        return data;
    }

    /// <summary>Checks the HS256 JWT as Kling does: signature with the secret key, iss = access key, nbf and exp against the clock.</summary>
    private (string Code, string Message)? TokenProblem(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return ("1001", "Authorization is empty");
        }
        var parts = header[7..].Split('.');
        if (parts.Length != 3)
        {
            return ("1002", "Authorization is invalid");
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Context.Options.KlingSecretKey), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        byte[] signature;
        JsonElement claims;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            claims = document.RootElement.Clone();
            using var headerDocument = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (headerDocument.RootElement.GetProperty("alg").GetString() != "HS256")
            {
                return ("1002", "Authorization is invalid: alg must be HS256");
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ("1002", "Authorization is invalid");
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return ("1000", "Authentication failed: bad signature");
        }
        var now = Now.ToUnixTimeSeconds();
        if (!claims.TryGetProperty("iss", out var iss) || iss.GetString() != Context.Options.KlingAccessKey)
        {
            return ("1000", "Authentication failed: unknown access key");
        }
        if (claims.TryGetProperty("nbf", out var nbf) && nbf.GetInt64() > now)
        {
            return ("1003", "Token is not yet valid");
        }
        if (!claims.TryGetProperty("exp", out var exp) || exp.GetInt64() <= now)
        {
            return ("1004", "Token has expired");
        }
        return null;
    }
}
