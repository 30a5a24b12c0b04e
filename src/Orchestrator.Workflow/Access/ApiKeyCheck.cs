using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Access;

/// <summary>The outcome of checking a request's API key: its caller, or the refusal to answer.</summary>
public sealed record ApiKeyCheck(JobCaller? Caller, ApiKeyRefusal? Refusal);

/// <summary>
/// Why a request's key does not let it through, worded once so both hosts answer alike (RFC 9457 problem details with
/// the problem type <c>urn:orchestrator:problem:{Kind}</c>; a 401 also carries WWW-Authenticate: <see cref="ApiKeyHeaders.Challenge"/>).
/// </summary>
public sealed record ApiKeyRefusal(int Status, string Kind, string Title, string Detail)
{
    public static ApiKeyRefusal Missing { get; } = new(401, "unauthorized", "API key required",
        $"Send your team's API key in the {ApiKeyHeaders.HeaderName} header (or as Authorization: Bearer).");

    public static ApiKeyRefusal Unknown { get; } = new(401, "unauthorized", "API key not recognised", "The API key sent is not valid for this host.");

    public static ApiKeyRefusal NotAdmin { get; } = new(403, "forbidden", "This API key may not do that", "This operation needs an admin API key.");
}
