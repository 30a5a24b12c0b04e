using System.Text.Json.Nodes;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Control;

/// <summary>
/// The control and inspection API under /_emulator: scripts (per vendor, model, prompt marker or submission key),
/// reset, the jobs as submitted (with request bodies), submit attempts per key, cancels, webhooks sent, an inbox that
/// records webhooks sent to it, the OpenAI project webhook endpoint, and signing helpers for stale or forged calls.
/// </summary>
public static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        var control = app.MapGroup("/_emulator");
        var state = context.State;
        control.MapGet("/info", () => Results.Json(new
        {
            baseUrl = context.BaseUrl.AbsoluteUri,
            urls = Urls(context.BaseUrl),
            clipSeconds = context.Media.Durations,
            falJwks = new Uri(context.BaseUrl, "fal/.well-known/jwks.json").AbsoluteUri,
        }));
        control.MapPost("/scripts", (ScriptRule rule) =>
        {
            state.AddScript(rule);
            return Results.Created("/_emulator/scripts", rule);
        });
        control.MapPost("/reset", () =>
        {
            state.Reset();
            context.OpenAiWebhookUrl = null;
            return Results.NoContent();
        });
        control.MapGet("/jobs", (string? vendor) => Results.Json(state.Jobs.Where(job => vendor is null || job.Vendor == vendor).Select(job => new
        {
            job.Vendor,
            job.Id,
            job.Path,
            job.Model,
            job.Prompt,
            job.Seconds,
            job.SubmissionKey,
            job.CallbackUrl,
            job.CreatedAt,
            Phase = job.PhaseAt(context.Now).ToString(),
            job.CancelRequests,
            job.Requests,
            job.Deleted,
            job.Body,
        })));
        control.MapGet("/submissions", () => Results.Json(state.SubmitAttempts));
        control.MapGet("/webhooks", () => Results.Json(state.SentWebhooks));
        control.MapPost("/inbox/{box}", async (HttpContext http, string box) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            state.Received(new InboxDelivery(box, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}", headers, Convert.ToBase64String(buffer.ToArray()), context.Now));
            return Results.Ok();
        });
        control.MapGet("/inbox", (string? box) => Results.Json(state.Inbox.Where(delivery => box is null || delivery.Box == box)));
        control.MapPut("/openai/webhook-endpoint", (JsonObject body) =>
        {
            context.OpenAiWebhookUrl = body["url"]?.ToString();
            return Results.NoContent();
        });
        control.MapPost("/sign/openai", (SignRequest request) =>
            Results.Json(StandardWebhookSigner.Headers(context.Options.OpenAiWebhookSecret, request.Id ?? $"evt_{Guid.NewGuid():N}", Timestamp(request, context), Convert.FromBase64String(request.BodyBase64))));
        control.MapPost("/sign/fal", (SignRequest request) =>
            Results.Json(context.FalKey.Headers(request.Id ?? Guid.NewGuid().ToString(), context.Options.FalUserId, Timestamp(request, context), Convert.FromBase64String(request.BodyBase64))));
    }

    public static Dictionary<string, string> Urls(Uri baseUrl) => new(StringComparer.Ordinal)
    {
        ["openai"] = new Uri(baseUrl, "openai/v1/").AbsoluteUri,
        ["runway"] = new Uri(baseUrl, "runway/").AbsoluteUri,
        ["fal"] = new Uri(baseUrl, "fal/queue/").AbsoluteUri,
        ["luma"] = new Uri(baseUrl, "luma/dream-machine/v1/").AbsoluteUri,
        ["byteplus"] = new Uri(baseUrl, "byteplus/api/v3/").AbsoluteUri,
        ["kling"] = new Uri(baseUrl, "kling/").AbsoluteUri,
        ["azure-content-safety"] = new Uri(baseUrl, "azure/").AbsoluteUri,
    };

    private static DateTimeOffset Timestamp(SignRequest request, EmulatorContext context) =>
        request.UnixSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : context.Now;
}

/// <summary>A body to sign as a vendor would, at a chosen time (for stale-call tests).</summary>
public sealed record SignRequest(string BodyBase64, string? Id = null, long? UnixSeconds = null);
