using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// The ids a job is known by. The instance id is "{team}~{32 hex}" from the team and the idempotency key, so one key
/// starts one job, a team's jobs share a prefix (listing by team is a prefix query) and no key character can break an
/// instance id, a blob path or a table key. A purged job's key starts a new job under the same instance id: each run of
/// it has its own <see cref="JobRunId"/>, which names its attempts.
/// </summary>
public static class JobInstanceId
{
    /// <summary>Separates the team from the hash; never part of a team name.</summary>
    public const char TeamSeparator = '~';

    public static string For(string team, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(team);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{team}\n{idempotencyKey}"));
        return $"{team}{TeamSeparator}{Convert.ToHexStringLower(hash)[..32]}";
    }

    /// <summary>The prefix every instance id of <paramref name="team"/> starts with.</summary>
    public static string TeamPrefix(string team) => team + TeamSeparator;

    /// <summary>The team of an instance id made by <see cref="For"/>, or null for any other id.</summary>
    public static string? TeamOf(string instanceId)
    {
        var split = instanceId.IndexOf(TeamSeparator, StringComparison.Ordinal);
        return split > 0 ? instanceId[..split] : null;
    }

    /// <summary>
    /// The idempotency key of a request: its own, or one derived from its canonical JSON, so resubmitting an identical
    /// request without a key is the same job.
    /// </summary>
    public static string IdempotencyKeyOf(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IdempotencyKey ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(CanonicalJson(request)));
    }

    /// <summary>The request as compact contract JSON (camelCase, nulls left out, tags sorted): equal requests give equal bytes.</summary>
    public static byte[] CanonicalJson(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sorted = request with { Tags = new SortedDictionary<string, string>(request.Tags.ToDictionary(), StringComparer.Ordinal) };
        return JsonSerializer.SerializeToUtf8Bytes(sorted, CoreJson.Options);
    }
}
