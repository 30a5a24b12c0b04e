using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator.Vendors;

/// <summary>What a submit carries that the emulator keys on.</summary>
public sealed record SubmitFacts(string Path, string Model, string Prompt, int Seconds, JsonNode Body, string? SubmissionKey, string? CallbackUrl);

/// <summary>
/// The shared mechanics of an emulated vendor: auth, scripted latency and faults, the submit flow (429 and 5xx before
/// the job exists, a lost answer after it does, a refusal), and job lookups. Each vendor supplies its routes, auth
/// scheme, error shape and JSON.
/// </summary>
public abstract class VendorEmulator
{
    protected VendorEmulator(EmulatorContext context) => Context = context;

    public abstract string Vendor { get; }

    protected EmulatorContext Context { get; }

    protected EmulatorState State => Context.State;

    protected DateTimeOffset Now => Context.Now;

    public abstract void Map(IEndpointRouteBuilder app);

    /// <summary>The webhook to send for a job that reached <paramref name="phase"/>, or null when this vendor sends none then.</summary>
    public virtual WebhookMessage? WebhookFor(EmulatedJob job, JobPhase phase) => null;

    protected abstract bool Authorized(HttpRequest request);

    protected abstract IResult ErrorResult(int status, string code, string message);

    /// <summary>The vendor's answer to missing or wrong credentials.</summary>
    protected virtual IResult Unauthorized(HttpRequest request) => ErrorResult(401, "unauthorized", "missing or invalid credentials");

    /// <summary>The vendor's answer to a prompt its safety system refuses at submit.</summary>
    protected abstract IResult RefusedAtSubmit(JobBehavior behavior);

    /// <summary>A scripted error answer (throttle, server fault, refusal) in this vendor's error shape, with the script's code when it sets one.</summary>
    protected virtual IResult ScriptedError(JobBehavior behavior, int status, string code, string message) => ErrorResult(status, behavior.ErrorCode ?? code, message);

    /// <summary>
    /// A submit: auth, the attempt counted on arrival (so one the caller gave up on during the latency still counts),
    /// the scripted latency, then the scripted fault or refusal, else the job is created.
    /// </summary>
    protected async Task<IResult> SubmitAsync(HttpContext http, SubmitFacts facts, Func<EmulatedJob, IResult> accepted)
    {
        if (!Authorized(http.Request))
        {
            return Unauthorized(http.Request);
        }
        var behavior = State.BehaviorFor(Vendor, facts.Model, facts.Prompt, facts.SubmissionKey);
        var fault = State.SubmitFault(Vendor, facts.SubmissionKey ?? facts.Prompt, behavior);
        await LatencyAsync(behavior, http.RequestAborted);
        if (fault is { } status)
        {
            return Fault(http, behavior, status);
        }
        if (behavior.RefuseAtSubmit)
        {
            return RefusedAtSubmit(behavior);
        }
        var job = new EmulatedJob(Vendor, NewJobId(), facts.Path, facts.Model, facts.Prompt, facts.Seconds, facts.Body, facts.SubmissionKey, facts.CallbackUrl, behavior, Now);
        State.Add(job);
        return behavior.LoseSubmitAnswer ? ErrorResult(500, "server_error", "the job was created but the answer is lost (scripted)") : accepted(job);
    }

    /// <summary>Runs <paramref name="answer"/> for a job of this vendor after auth, latency and scripted poll faults; the call is counted on arrival.</summary>
    protected async Task<IResult> WithJobAsync(HttpContext http, EmulatedJob? job, Func<EmulatedJob, IResult> answer)
    {
        if (!Authorized(http.Request))
        {
            return Unauthorized(http.Request);
        }
        if (job is null || job.Deleted)
        {
            return ErrorResult(404, "not_found", "no such job");
        }
        var fault = job.TakePollFault();
        await LatencyAsync(job.Behavior, http.RequestAborted);
        return fault is { } status ? Fault(http, job.Behavior, status) : answer(job);
    }

    protected Task<IResult> WithJobAsync(HttpContext http, string id, Func<EmulatedJob, IResult> answer) => WithJobAsync(http, State.Find(Vendor, id), answer);

    protected virtual string NewJobId() => Guid.NewGuid().ToString();

    protected static bool HasBearer(HttpRequest request, string key) =>
        string.Equals(request.Headers.Authorization.ToString(), $"Bearer {key}", StringComparison.Ordinal);

    /// <summary>Reads a JSON body; null when it is not a JSON object.</summary>
    protected static async Task<JsonObject?> BodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    protected static int SecondsOf(JsonNode? value) => value switch
    {
        null => 5,
        JsonValue number when number.TryGetValue<int>(out var seconds) => seconds,
        _ => int.TryParse(value.ToString().TrimEnd('s'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 5,
    };

    protected static long Unix(DateTimeOffset at) => at.ToUnixTimeSeconds();

    /// <summary>The submission key our adapters put in signed callback URLs (sk=...), read without checking: the emulator only records it.</summary>
    protected static string? SignedKey(string? callback) =>
        callback is { Length: > 0 } && Uri.TryCreate(callback, UriKind.Absolute, out var uri)
            ? uri.Query.TrimStart('?').Split('&').Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2 && pair[0] == "sk").Select(pair => Uri.UnescapeDataString(pair[1])).FirstOrDefault()
            : null;

    /// <summary>A webhook whose body is the job's JSON, unsigned (Luma, BytePlus, Kling): only the callback URL's own signature protects it.</summary>
    protected static WebhookMessage? PlainCallback(EmulatedJob job, JsonNode body) =>
        job.CallbackUrl is null ? null : new WebhookMessage(job.CallbackUrl, new Dictionary<string, string>(), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body));

    /// <summary>A scripted 429 or 5xx; a 429 always carries the script's Retry-After, a 5xx when the script asks.</summary>
    private IResult Fault(HttpContext http, JobBehavior behavior, int status)
    {
        if (status == 429 || behavior.RetryAfterOnServerErrors)
        {
            http.Response.Headers["retry-after-ms"] = behavior.RetryAfterMs.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(behavior.RetryAfterMs / 1000.0)).ToString(CultureInfo.InvariantCulture);
        }
        return status == 429
            ? ScriptedError(behavior, status, "rate_limited", "too many requests (scripted)")
            : ScriptedError(behavior, status, "server_error", "the emulated vendor is failing (scripted)");
    }

    private async Task LatencyAsync(JobBehavior behavior, CancellationToken cancellationToken)
    {
        if (behavior.LatencyMaxMs > 0)
        {
            var ms = Random.Shared.Next(behavior.LatencyMinMs, Math.Max(behavior.LatencyMinMs, behavior.LatencyMaxMs) + 1);
            await Task.Delay(TimeSpan.FromMilliseconds(ms), Context.Options.TimeProvider, cancellationToken);
        }
    }
}
