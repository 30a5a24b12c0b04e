namespace Orchestrator.Host.Management;

/// <summary>
/// The body of Durable Functions' check-status response (CreateCheckStatusResponse): where to read an instance's status,
/// raise events to it, terminate, purge, suspend and resume it. URL templates keep DF's placeholders ({eventName}, {text}).
/// </summary>
public sealed record CheckStatusPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string SuspendPostUri,
    string ResumePostUri)
{
    /// <summary>Where the management API lives, below the host's base URL (as in Durable Functions).</summary>
    public const string ManagementPath = "/runtime/webhooks/durabletask";

    /// <summary>The payload for <paramref name="instanceId"/> on a host reached at <paramref name="baseUrl"/> (scheme, host and port).</summary>
    public static CheckStatusPayload For(string baseUrl, string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var instance = $"{baseUrl.TrimEnd('/')}{ManagementPath}/instances/{Uri.EscapeDataString(instanceId)}";
        return new CheckStatusPayload(
            instanceId,
            instance,
            instance + "/raiseEvent/{eventName}",
            instance + "/terminate?reason={text}",
            instance,
            instance + "/suspend?reason={text}",
            instance + "/resume?reason={text}");
    }
}
