using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Core.Jobs;
using Orchestrator.Functions.DurableFunctions;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Http;

/// <summary>
/// POST /api/jobs, the HTTP starter: the same request contract as the local host (JSON, every problem reported at once,
/// an optional Idempotency-Key header), started idempotently by the workflow's job service, answered 202 with the Durable
/// Functions check-status payload and Location from the extension itself. The platform's function key authorizes the
/// call; the job is recorded as started by that key for the request's team (README, "Deploy to Azure").
/// </summary>
public sealed class StartJobFunction(JobRequestParser parser)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function("StartJob")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
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
        var caller = new JobCaller("function-key:StartJob", job.Team, IsAdmin: false);
        var started = await FunctionJobs.For(function, client).StartAsync(job, caller, function.CancellationToken);
        return started.Refusal is { } refusal
            ? await HttpAnswers.RefusedAsync(request, refusal)
            : await client.CreateCheckStatusResponseAsync(request, started.InstanceId, function.CancellationToken);
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
