namespace Orchestrator.Host;

/// <summary>The host's own settings (section <see cref="SectionName"/>).</summary>
public sealed record OrchestratorHostOptions
{
    public const string SectionName = "Orchestrator:Host";

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:7071 (several separated by ';').</summary>
    public string Urls { get; init; } = "http://127.0.0.1:7071";

    /// <summary>The URL clients and vendors reach the host at, when it differs from where it listens (a proxy, a tunnel); links and webhook URLs use it.</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>How often a client should poll a running job (the Retry-After of 202 answers).</summary>
    public TimeSpan StatusRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="StatusRetryAfter"/> as a Retry-After header value (whole seconds, rounded up).</summary>
    public string RetryAfterHeader => ((int)Math.Ceiling(StatusRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long the read-only SAS link to a job's video stays valid.</summary>
    public TimeSpan VideoLinkLifetime { get; init; } = TimeSpan.FromHours(1);
}
