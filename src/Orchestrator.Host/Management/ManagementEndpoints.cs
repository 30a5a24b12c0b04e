using System.Buffers.Text;
using System.Net.Mime;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Durable.Client;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Security;
using Orchestrator.Workflow;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Management;

/// <summary>
/// The Durable Functions HTTP management API under /runtime/webhooks/durabletask/instances, with its shapes and status codes:
/// status (202 + Location + Retry-After while running, 200 when finished, 404 unknown; showHistory, showHistoryOutput,
/// showInput, returnInternalServerErrorOnFailure), list with x-ms-continuation-token, raiseEvent, terminate, suspend, resume
/// (404 unknown, 410 finished), purge one (412 while running) or by filter (400 without createdTimeFrom, 404 when nothing was
/// purged). A team's key reaches only its team's instances; terminating a job also releases what it held (its vendor job
/// cancelled and booked per the route's billing rule, the rest of its reservation released: <see cref="IJobService.TerminateAsync"/>).
/// Parameters that do not parse are refused with problem details.
/// </summary>
public static class ManagementEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    public static void Map(IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup(CheckStatusPayload.ManagementPath + "/instances").RequireAuthorization().WithTags("Durable Functions management");
        instances.MapGet("/", ListAsync).WithName("ListInstances").WithSummary("Lists instances (filters: createdTimeFrom, createdTimeTo, runtimeStatus, instanceIdPrefix, showInput, top).");
        instances.MapDelete("/", PurgeByFilterAsync).WithSummary("Purges finished instances created from createdTimeFrom (to createdTimeTo), optionally of some runtimeStatus.");
        instances.MapGet("/{instanceId}", GetStatusAsync).WithName("GetInstanceStatus").WithSummary("An instance's status; 202 while it runs, 200 when it has finished.");
        instances.MapDelete("/{instanceId}", PurgeAsync).WithSummary("Purges a finished instance and its history.");
        instances.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync).WithSummary("Raises an event (JSON body) to a running instance.");
        instances.MapPost("/{instanceId}/terminate", TerminateAsync)
            .WithSummary("Terminates a running instance; a job's holds are released at once (its vendor job cancelled and billed per rule, the rest released).");
        instances.MapPost("/{instanceId}/suspend", (string instanceId, string? reason, ClaimsPrincipal user, InstanceAccess access, CancellationToken ct) =>
            CommandAsync(instanceId, user, access, (client, instance) => client.SuspendInstanceAsync(instance.InstanceId, reason, ct), ct)).WithSummary("Suspends a running instance.");
        instances.MapPost("/{instanceId}/resume", (string instanceId, string? reason, ClaimsPrincipal user, InstanceAccess access, CancellationToken ct) =>
            CommandAsync(instanceId, user, access, (client, instance) => client.ResumeInstanceAsync(instance.InstanceId, reason, ct), ct)).WithSummary("Resumes a suspended instance.");
    }

    private static async Task<Results<Ok<InstanceStatusPayload>, Accepted<InstanceStatusPayload>, JsonHttpResult<InstanceStatusPayload>, ProblemHttpResult>> GetStatusAsync(
        string instanceId, HttpContext http, InstanceAccess access, IOptions<OrchestratorHostOptions> options, CancellationToken ct)
    {
        var query = new QueryReader(http.Request.Query);
        var showHistory = query.Boolean("showHistory") ?? false;
        var showHistoryOutput = query.Boolean("showHistoryOutput") ?? false;
        var showInput = query.Boolean("showInput") ?? true;
        var failAs500 = query.Boolean("returnInternalServerErrorOnFailure") ?? false;
        if (!query.IsValid)
        {
            return ApiProblems.Invalid("A query parameter is invalid", query.Problems);
        }
        var instance = await access.FindAsync(Caller(http.User), instanceId, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound("instance", instanceId);
        }
        var history = showHistory
            ? HistoryEventsJson.Convert(await access.Client.GetHistoryAsync(instanceId, ct), showHistoryOutput, showInput)
            : null;
        var payload = InstanceStatusPayload.From(instance, showInput, history);
        switch (instance.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew:
                http.Response.Headers.RetryAfter = options.Value.RetryAfterHeader;
                return TypedResults.Accepted(http.Request.GetEncodedUrl(), payload);
            case OrchestrationRuntimeStatus.Failed when failAs500:
                return TypedResults.Json(payload, statusCode: StatusCodes.Status500InternalServerError);
            default:
                return TypedResults.Ok(payload);
        }
    }

    private static async Task<Results<Ok<List<InstanceStatusPayload>>, ProblemHttpResult>> ListAsync(HttpContext http, InstanceAccess access, CancellationToken ct)
    {
        var query = new QueryReader(http.Request.Query);
        var filter = new OrchestrationQuery(
            CreatedFrom: query.Time("createdTimeFrom"),
            CreatedTo: query.Time("createdTimeTo"),
            Statuses: query.EnumList<OrchestrationRuntimeStatus>("runtimeStatus"),
            InstanceIdPrefix: query.Text("instanceIdPrefix"),
            PageSize: query.Number("top", 1, 1000) ?? OrchestrationQuery.DefaultPageSize);
        var showInput = query.Boolean("showInput") ?? false;
        var token = DecodeToken(http.Request.Headers[ContinuationHeader].ToString(), query);
        if (!query.IsValid)
        {
            return ApiProblems.Invalid("A query parameter is invalid", query.Problems);
        }
        IReadOnlyList<OrchestrationMetadata> items;
        string? next;
        try
        {
            (items, next) = await access.PageAsync(Caller(http.User), filter with { ContinuationToken = token }, ct);
        }
        catch (ArgumentException)
        {
            query.Problem(ContinuationHeader, "is not a continuation token this host issued");
            return ApiProblems.Invalid("A query parameter is invalid", query.Problems);
        }
        if (next is not null)
        {
            http.Response.Headers[ContinuationHeader] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(next));
        }
        return TypedResults.Ok(items.Select(instance => InstanceStatusPayload.From(instance, showInput)).ToList());
    }

    /// <summary>The largest event body accepted: an event lands in the instance's history, which every replay reads.</summary>
    public const int MaxEventBytes = 1024 * 1024;

    private static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId, string eventName, HttpContext http, InstanceAccess access, CancellationToken ct)
    {
        var instance = await access.FindAsync(Caller(http.User), instanceId, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound("instance", instanceId);
        }
        if (instance.IsCompleted)
        {
            return ApiProblems.Gone(instanceId, instance.RuntimeStatus.ToString());
        }
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.BadRequest("Unsupported content type", "Only application/json request content is supported.");
        }
        var body = await JsonBody.ReadAsync(http.Request, MaxEventBytes + 1, ct);
        if (body.Length > MaxEventBytes)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ApiProblems.BadRequestType, "Event too large", $"An event body is at most {MaxEventBytes} bytes.");
        }
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(body);
            payload = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return ApiProblems.BadRequest("Invalid JSON content", $"The event body is not valid JSON: {e.Message}");
        }
        await access.Client.RaiseEventAsync(instanceId, eventName, payload, ct);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>A job goes through the job service, which releases its holds; any other instance is terminated as it is.</summary>
    private static Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(string instanceId, string? reason, HttpContext http, InstanceAccess access, CancellationToken ct)
    {
        var caller = Caller(http.User);
        var jobs = http.RequestServices.GetService<IJobService>();
        return CommandAsync(instanceId, http.User, access, (client, instance) =>
            jobs is not null && string.Equals(instance.Name, WorkflowNames.JobOrchestration, StringComparison.OrdinalIgnoreCase)
                ? jobs.TerminateAsync(instance.InstanceId, caller, reason ?? $"terminated by {caller.KeyId}", ct)
                : client.TerminateInstanceAsync(instance.InstanceId, reason, ct), ct);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CommandAsync(
        string instanceId, ClaimsPrincipal user, InstanceAccess access, Func<DurableTaskClient, OrchestrationMetadata, Task> command, CancellationToken ct)
    {
        var instance = await access.FindAsync(Caller(user), instanceId, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound("instance", instanceId);
        }
        if (instance.IsCompleted)
        {
            return ApiProblems.Gone(instanceId, instance.RuntimeStatus.ToString());
        }
        await command(access.Client, instance);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Ok<PurgeHistoryResult>, ProblemHttpResult>> PurgeAsync(string instanceId, ClaimsPrincipal user, InstanceAccess access, CancellationToken ct)
    {
        var instance = await access.FindAsync(Caller(user), instanceId, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound("instance", instanceId);
        }
        if (!instance.IsCompleted)
        {
            return ApiProblems.NotFinished(instanceId, instance.RuntimeStatus.ToString());
        }
        var purged = await access.Client.PurgeInstanceAsync(instanceId, ct);
        return TypedResults.Ok(new PurgeHistoryResult(purged.PurgedInstanceCount));
    }

    private static async Task<Results<Ok<PurgeHistoryResult>, ProblemHttpResult>> PurgeByFilterAsync(HttpContext http, InstanceAccess access, TimeProvider time, CancellationToken ct)
    {
        var query = new QueryReader(http.Request.Query);
        var from = query.Time("createdTimeFrom");
        var to = query.Time("createdTimeTo") ?? time.GetUtcNow();
        var statuses = query.EnumList<OrchestrationRuntimeStatus>("runtimeStatus");
        if (from is null && query.IsValid)
        {
            query.Problem("createdTimeFrom", "is required: give the earliest creation time of the instances to purge");
        }
        if (!query.IsValid)
        {
            return ApiProblems.Invalid("A query parameter is invalid", query.Problems);
        }
        // Purged one by one through the caller's view, so a team key can only ever purge its own team's instances.
        var finished = (statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(status => status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated).ToList();
        var deleted = 0;
        var caller = Caller(http.User);
        string? token = null;
        do
        {
            if (finished.Count == 0)
            {
                break;
            }
            (var items, token) = await access.PageAsync(caller, new OrchestrationQuery(from, to, finished, PageSize: 500, ContinuationToken: token), ct);
            foreach (var instance in items)
            {
                deleted += (await access.Client.PurgeInstanceAsync(instance.InstanceId, ct)).PurgedInstanceCount;
            }
        }
        while (token is not null);
        return deleted == 0
            ? ApiProblems.NotFound("finished instance", $"created from {InstanceStatusPayload.Time(from!.Value)} to {InstanceStatusPayload.Time(to)}")
            : TypedResults.Ok(new PurgeHistoryResult(deleted));
    }

    private static string? DecodeToken(string header, QueryReader query)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(header));
        }
        catch (FormatException)
        {
            query.Problem(ContinuationHeader, "is not a continuation token this host issued");
            return null;
        }
    }

    private static JobCaller Caller(ClaimsPrincipal user) => ApiKeyAuthenticationHandler.CallerOf(user);

    /// <summary>What a purge answers, as in Durable Functions.</summary>
    public sealed record PurgeHistoryResult(int InstancesDeleted);
}
