using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Core.Jobs;
using Orchestrator.Host.Problems;

namespace Orchestrator.Host.Jobs;

/// <summary>
/// Reads a job request from an HTTP body: JSON only (415 otherwise), at most <see cref="JobRequestLimits.MaxRequestBytes"/>,
/// parsed by Core's <see cref="JobRequestParser"/> so every problem comes back at once with its JSON path. An
/// <c>Idempotency-Key</c> header supplies the key when the body has none (and must agree when it has one).
/// </summary>
public static class JobRequestBody
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static async Task<(JobRequest? Request, ProblemHttpResult? Problem)> ReadAsync(HttpRequest http, JobRequestParser parser, string title, CancellationToken ct)
    {
        if (!JsonBody.IsJson(http.ContentType))
        {
            return (null, JsonBody.NotJson("the job request", http.ContentType));
        }
        var body = await JsonBody.ReadAsync(http, JobRequestLimits.MaxRequestBytes + 1, ct);
        var parsed = parser.Parse(body);
        if (!parsed.IsValid)
        {
            return (null, ApiProblems.Invalid(title, parsed.Errors));
        }
        var request = parsed.Request!;
        var header = http.Headers[IdempotencyKeyHeader].ToString();
        if (header.Length == 0)
        {
            return (request, null);
        }
        if (header.Length > JobRequestLimits.MaxIdempotencyKeyLength || !header.All(c => c is >= '!' and <= '~'))
        {
            return (null, HeaderProblem(title, $"must be 1 to {JobRequestLimits.MaxIdempotencyKeyLength} visible ASCII characters (no spaces)"));
        }
        if (request.IdempotencyKey is { } key && key != header)
        {
            return (null, HeaderProblem(title, $"'{header}' differs from the body's idempotencyKey '{key}': give one, or the same in both"));
        }
        return (request with { IdempotencyKey = header }, null);
    }

    private static ProblemHttpResult HeaderProblem(string title, string message) =>
        ApiProblems.Invalid(title, [new JobRequestError(IdempotencyKeyHeader, JobRequestErrorCodes.InvalidValue, message)]);
}
