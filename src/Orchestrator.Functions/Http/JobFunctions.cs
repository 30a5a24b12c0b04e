using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// A started job's own endpoints (<see cref="JobLinks"/>), keyed as on the local host: a team key reaches only its team's
/// jobs, and another team's job is, to it, a job that does not exist (404).
/// </summary>
public sealed class JobFunctions(ApiKeyRegistry keys)
{
    /// <summary>
    /// GET /api/jobs/{instanceId}: the job as the local host shows it (<c>{job}</c>: step, route and why, attempts, costs,
    /// provenance), without the clip link: the storage account allows no shared-key SAS.
    /// </summary>
    [Function("GetJob")]
    public Task<HttpResponseData> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{instanceId}")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        keys.AnswerAsCallerAsync(request, async caller =>
        {
            var view = await VisibleAsync(FunctionJobs.For(function, client), caller, instanceId, function);
            return view is null
                ? await HttpAnswers.JobNotFoundAsync(request, instanceId)
                : await HttpAnswers.JsonAsync(request, HttpStatusCode.OK, new JobAnswer(view));
        });

    /// <summary>
    /// POST /api/jobs/{instanceId}/cancel?reason=: asks a running job to stop (cancelled at the vendor, billed per rule,
    /// the rest of its reservation released): 202 with Location, 409 once it has ended. This, not the Durable
    /// extension's terminate, is how a team stops a job: a terminated job never settles its budget.
    /// </summary>
    [Function("CancelJob")]
    public Task<HttpResponseData> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/{instanceId}/cancel")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        keys.AnswerAsCallerAsync(request, async caller =>
        {
            var jobs = FunctionJobs.For(function, client);
            if (await VisibleAsync(jobs, caller, instanceId, function) is not { } view)
            {
                return await HttpAnswers.JobNotFoundAsync(request, instanceId);
            }
            if (!await jobs.CancelAsync(instanceId, caller, request.Query["reason"] ?? $"cancelled by {caller.KeyId}", function.CancellationToken))
            {
                return await HttpAnswers.ConflictAsync(request, "The job is not running", $"Job '{instanceId}' has already ended ({view.Status}); there is nothing to cancel.");
            }
            // This URL is .../jobs/{instanceId}/cancel; the job itself is one segment up.
            var cancelUrl = request.Url.GetLeftPart(UriPartial.Path);
            return HttpAnswers.Accepted(request, cancelUrl[..cancelUrl.LastIndexOf('/')]);
        });

    /// <summary>The job, when it exists and <paramref name="caller"/> may see it.</summary>
    private static async Task<JobView?> VisibleAsync(JobService jobs, JobCaller caller, string instanceId, FunctionContext function)
    {
        var view = await jobs.GetAsync(instanceId, function.CancellationToken);
        return view is not null && caller.MaySee(view.Team) ? view : null;
    }

    /// <summary>The local host's answer (JobDetails) without what Azure does not serve here: the clip link and management URLs.</summary>
    private sealed record JobAnswer(JobView Job);
}
