namespace Orchestrator.Functions.Http;

/// <summary>
/// What a started job's answer links to: its view (GET) and its cancellation (POST), both under /api/jobs and both
/// checked against the caller's API key (<see cref="JobFunctions"/>).
/// </summary>
public sealed record JobLinks(string Id, string StatusQueryGetUri, string CancelPostUri)
{
    /// <summary>The links of <paramref name="instanceId"/>, below the POST /api/jobs URL it was started at.</summary>
    public static JobLinks For(Uri startUrl, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(startUrl);
        var job = $"{startUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{Uri.EscapeDataString(instanceId)}";
        return new JobLinks(instanceId, job, job + "/cancel?reason={text}");
    }
}
