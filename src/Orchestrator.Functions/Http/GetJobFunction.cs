using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// GET /api/jobs/{instanceId}: the job as the local host shows it (<c>{job}</c>: step, route and why, attempts, costs,
/// provenance; no clip link, as the storage account allows no shared-key SAS). A team key sees only its team's jobs:
/// another team's job is, to it, a job that does not exist (404).
/// </summary>
public sealed class GetJobFunction(ApiKeyRegistry keys)
{
    [Function("GetJob")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{instanceId}")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var check = keys.CheckKey(request);
        if (check.Caller is not { } caller)
        {
            return await HttpAnswers.KeyRefusedAsync(request, check.Refusal!);
        }
        var view = await FunctionJobs.For(function, client).GetAsync(instanceId, function.CancellationToken);
        return view is not null && caller.MaySee(view.Team)
            ? await HttpAnswers.JsonAsync(request, HttpStatusCode.OK, new JobAnswer(view))
            : await HttpAnswers.JobNotFoundAsync(request, instanceId);
    }

    /// <summary>The local host's answer (JobDetails) without what Azure does not serve here: the clip link and management URLs.</summary>
    private sealed record JobAnswer(JobView Job);
}
