using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Jobs;
using Orchestrator.Host.Management;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Security;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Jobs;

/// <summary>
/// The job API: start a job (202 with the Durable Functions check-status payload and Location), read one (with a read-only
/// link to its clip), list them (by team, status and creation time, a page at a time), cancel one, approve its clip.
/// A team key reaches only its team's jobs: another team's job is, to it, a job that does not exist.
/// </summary>
public static class JobEndpoints
{
    private const string BadRequestTitle = "The job request is invalid";

    public static void Map(IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapPost("/", StartAsync).WithName("StartJob").Accepts<JobRequest>("application/json")
            .WithSummary("Starts a job (idempotent per team and idempotency key, also from the Idempotency-Key header); 202 with the check-status payload.");
        jobs.MapGet("/{instanceId}", GetAsync).WithName("GetJob").WithSummary("A job: step, route and why, attempts, costs, provenance, a link to its clip.");
        jobs.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("Jobs, newest first in a page (filters: team, status, createdFrom, createdTo, pageSize, continuationToken).");
        jobs.MapPost("/{instanceId}/cancel", CancelAsync).WithSummary("Cancels a running job: cancelled at the vendor, billed per rule, the rest of its reservation released.");
        jobs.MapPost("/{instanceId}/approve", ApproveAsync).WithSummary("Approves a succeeded job's clip: its cost counts towards the accepted-video cost.");
    }

    private static async Task<Results<Accepted<CheckStatusPayload>, ProblemHttpResult>> StartAsync(
        HttpContext http, ClaimsPrincipal user, JobRequestParser parser, IJobService jobs, PublicUrls urls, IOptions<OrchestratorHostOptions> options, CancellationToken ct)
    {
        var (request, problem) = await JobRequestBody.ReadAsync(http.Request, parser, BadRequestTitle, ct);
        if (problem is not null)
        {
            return problem;
        }
        var started = await jobs.StartAsync(request!, ApiKeyAuthenticationHandler.CallerOf(user), ct);
        if (started.Refusal is { } refusal)
        {
            return refusal.Code switch
            {
                JobStartRefusal.TeamMismatch or JobStartRefusal.EnvironmentMismatch => ApiProblems.Forbidden(refusal.Message),
                JobStartRefusal.IdempotencyConflict => ApiProblems.Conflict("Idempotency key already used", refusal.Message),
                _ => ApiProblems.Invalid(BadRequestTitle, refusal.Errors.Count > 0 ? refusal.Errors : [new JobRequestError("$", refusal.Code, refusal.Message)]),
            };
        }
        var payload = urls.CheckStatus(http.Request, started.InstanceId);
        http.Response.Headers.RetryAfter = options.Value.RetryAfterHeader;
        return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
    }

    private static async Task<Results<Ok<JobDetails>, ProblemHttpResult>> GetAsync(
        string instanceId, HttpRequest http, ClaimsPrincipal user, IJobService jobs, WorkflowStorage storage, PublicUrls urls,
        IOptions<OrchestratorHostOptions> options, TimeProvider time, CancellationToken ct)
    {
        var view = await jobs.GetAsync(instanceId, ct);
        var caller = ApiKeyAuthenticationHandler.CallerOf(user);
        if (view is null || !caller.MaySee(view.Team))
        {
            return ApiProblems.NotFound("job", instanceId);
        }
        Uri? link = null;
        DateTimeOffset? expires = null;
        // A clip is handed out once delivered; one kept but not delivered (refused for its provenance, or a stored copy
        // that differs from the vendor's) is for an admin to inspect, not for the team to use.
        if (view.Video is { } video && (view.Status == JobStatus.Succeeded || caller.IsAdmin))
        {
            expires = time.GetUtcNow() + options.Value.VideoLinkLifetime;
            link = (await storage.ContainerAsync(video.Container, ct)).GenerateReadSasUri(video.BlobName, expires.Value);
        }
        return TypedResults.Ok(new JobDetails(view, link, expires, urls.CheckStatus(http, view.InstanceId)));
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListAsync(HttpRequest http, ClaimsPrincipal user, IJobService jobs, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.CallerOf(user);
        var query = new QueryReader(http.Query);
        var team = query.Text("team");
        var filter = new JobQuery
        {
            Team = caller.IsAdmin ? team : team ?? caller.Team,
            Statuses = query.EnumList<JobStatus>("status") ?? [],
            CreatedFrom = query.Time("createdFrom"),
            CreatedTo = query.Time("createdTo"),
            PageSize = query.Number("pageSize", 1, 200) ?? 50,
            ContinuationToken = query.Text("continuationToken"),
        };
        if (!query.IsValid)
        {
            return ApiProblems.Invalid("A query parameter is invalid", query.Problems);
        }
        if (filter.Team is { } scope && TeamAccess.Check(caller, scope) is { } refused)
        {
            return refused;
        }
        if (filter.Team is null && !caller.IsAdmin)
        {
            return ApiProblems.Forbidden("This API key belongs to no team; only admin keys list every team's jobs.");
        }
        try
        {
            return TypedResults.Ok(await jobs.ListAsync(filter, ct));
        }
        catch (ArgumentException)
        {
            return ApiProblems.InvalidParameter("continuationToken", "is not a continuation token this host issued");
        }
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(string instanceId, string? reason, ClaimsPrincipal user, IJobService jobs, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.CallerOf(user);
        var view = await jobs.GetAsync(instanceId, ct);
        if (view is null || !caller.MaySee(view.Team))
        {
            return ApiProblems.NotFound("job", instanceId);
        }
        if (!await jobs.CancelAsync(instanceId, caller, reason ?? $"cancelled by {caller.KeyId}", ct))
        {
            return ApiProblems.Conflict("The job is not running", $"Job '{instanceId}' has already ended ({view.Status}); there is nothing to cancel.");
        }
        return TypedResults.Accepted($"/api/jobs/{Uri.EscapeDataString(instanceId)}");
    }

    private static async Task<Results<Ok<JobApprovalResult>, ProblemHttpResult>> ApproveAsync(string instanceId, ClaimsPrincipal user, IJobService jobs, CancellationToken ct) =>
        await jobs.ApproveAsync(instanceId, ApiKeyAuthenticationHandler.CallerOf(user), ct) switch
        {
            JobApprovalResult.Approved => TypedResults.Ok(JobApprovalResult.Approved),
            JobApprovalResult.NotSucceeded => ApiProblems.Conflict("Nothing to approve", $"Job '{instanceId}' has not delivered a clip."),
            _ => ApiProblems.NotFound("job", instanceId),
        };
}
