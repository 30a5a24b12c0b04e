using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Workflow.Access;

namespace Orchestrator.Functions.Http;

/// <summary>
/// POST /api/jobs/{instanceId}/cancel?reason=: asks a running job to stop, as on the local host (cancelled at the vendor,
/// billed per rule, the rest of its reservation released): 202 with Location, 404 for a job the key may not see, 409
/// once it has ended. This, not the Durable extension's terminate, is how a team stops a job: a terminated job never
/// settles its budget.
/// </summary>
public sealed class CancelJobFunction(ApiKeyRegistry keys)
{
    [Function("CancelJob")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/{instanceId}/cancel")] HttpRequestData request,
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
        var jobs = FunctionJobs.For(function, client);
        var view = await jobs.GetAsync(instanceId, function.CancellationToken);
        if (view is null || !caller.MaySee(view.Team))
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
    }
}
