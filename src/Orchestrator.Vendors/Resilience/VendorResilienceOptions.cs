namespace Orchestrator.Vendors.Resilience;

/// <summary>The resilience policy of one vendor's calls (Polly v8). Defaults suit production; tests shorten the delays.</summary>
public sealed record VendorResilienceOptions
{
    /// <summary>Retries after the first attempt, for 429 and (on calls safe to repeat) 5xx, 408, timeouts and lost connections.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first back-off delay; it doubles each retry, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest Retry-After the pipeline waits itself; a longer one ends the call and is handed to the workflow's durable timer.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>One attempt (until the response headers, for downloads).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>All attempts and waits of one call.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The breaker opens when this share of calls failed (5xx, timeouts, lost connections; not 4xx or 429)...</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>...among at least this many calls...</summary>
    public int BreakerMinimumThroughput { get; init; } = 8;

    /// <summary>...within this window.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the breaker stays open before one trial call.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}
