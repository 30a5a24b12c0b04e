using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Core.Jobs;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// POST /api/jobs, the HTTP starter: the same request contract and API keys as the local host (X-Api-Key resolved by
/// the shared <see cref="ApiKeyRegistry"/>: a team key starts only its team's jobs, in its environment; JSON, every
/// problem reported at once, an optional Idempotency-Key header), started idempotently by the workflow's job service.
/// An admin key is answered with the Durable extension's own check-status payload (CreateCheckStatusResponseAsync).
/// A team key is answered 202 with Location and links to the job's own key-checked endpoints (<see cref="JobLinks"/>):
/// the extension's URLs carry its system key, which reads and terminates every team's instances.
/// </summary>
public sealed class StartJobFunction(JobRequestParser parser, ApiKeyRegistry keys)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function("StartJob")]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext function) =>
        keys.AnswerAsCallerAsync(request, caller => StartAsync(request, caller, client, function));

    private async Task<HttpResponseData> StartAsync(HttpRequestData request, JobCaller caller, DurableTaskClient client, FunctionContext function)
    {
        var media = request.Headers.TryGetValues("Content-Type", out var types) ? types.First().Split(';')[0].Trim() : string.Empty;
        if (!media.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return await HttpAnswers.UnsupportedMediaAsync(request, $"Send the job request as application/json (got '{media}').");
        }
        var parsed = parser.Parse(await BoundedBody.ReadAsync(request.Body, JobRequestLimits.MaxRequestBytes, function.CancellationToken));
        if (parsed.Request is not { } body)
        {
            return await HttpAnswers.InvalidAsync(request, parsed.Errors);
        }
        if (WithHeaderKey(request, body) is not { } job)
        {
            return await HttpAnswers.InvalidAsync(request, [new JobRequestError(IdempotencyKeyHeader, JobRequestErrorCodes.InvalidValue,
                $"must be 1 to {JobRequestLimits.MaxIdempotencyKeyLength} visible ASCII characters and agree with the body's idempotencyKey")]);
        }
        var started = await FunctionJobs.For(function, client).StartAsync(job, caller, function.CancellationToken);
        if (started.Refusal is { } refusal)
        {
            return await HttpAnswers.RefusedAsync(request, refusal);
        }
        if (caller.IsAdmin)
        {
            return await client.CreateCheckStatusResponseAsync(request, started.InstanceId, function.CancellationToken);
        }
        var links = JobLinks.For(request.Url, started.InstanceId);
        return await HttpAnswers.JsonAsync(request, HttpStatusCode.Accepted, links, location: links.StatusQueryGetUri);
    }

    /// <summary>The request with the header's idempotency key, or null when the header is malformed or contradicts the body.</summary>
    private static JobRequest? WithHeaderKey(HttpRequestData request, JobRequest body)
    {
        if (!request.Headers.TryGetValues(IdempotencyKeyHeader, out var values))
        {
            return body;
        }
        var key = string.Join(",", values);
        var wellFormed = key.Length is > 0 and <= JobRequestLimits.MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~');
        return wellFormed && (body.IdempotencyKey is null || body.IdempotencyKey == key) ? body with { IdempotencyKey = key } : null;
    }
}
