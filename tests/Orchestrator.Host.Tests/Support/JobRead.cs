using System.Text.Json;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// GET /api/jobs/{id} as a client reads it: the job's report (<see cref="JobOutcome"/>, the part of the view a client
/// acts on; the view type itself is written, not read), the clip link, and the whole answer for anything else.
/// </summary>
public sealed record JobRead(JobOutcome Job, Uri? VideoUrl, JsonElement Raw)
{
    public static JobRead From(JsonElement answer) => new(
        answer.GetProperty("job").Deserialize<JobOutcome>(HostJson.Options)!,
        answer.TryGetProperty("videoUrl", out var link) && link.ValueKind == JsonValueKind.String ? new Uri(link.GetString()!) : null,
        answer);

    /// <summary>A field of the job view beyond the report (createdAt, idempotencyKey, keyId...).</summary>
    public string? ViewField(string name) =>
        Raw.GetProperty("job").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
