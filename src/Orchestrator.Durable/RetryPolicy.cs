namespace Orchestrator.Durable;

/// <summary>
/// Declarative retry for activities and sub-orchestrations. The wait before retry n (0-based) is a durable timer of
/// <c>FirstRetryInterval * BackoffCoefficient^n</c>, capped at <see cref="MaxRetryInterval"/>; no retry starts once
/// <see cref="RetryTimeout"/> has passed since the first attempt.
/// </summary>
public class RetryPolicy
{
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "The number of attempts must be greater than zero.");
        }
        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be greater than zero.");
        }
        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be 1.0 or greater.");
        }
        if (maxRetryInterval < firstRetryInterval && maxRetryInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), maxRetryInterval, "The maximum retry interval must not be shorter than the first retry interval.");
        }
        if (retryTimeout < firstRetryInterval && retryTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), retryTimeout, "The retry timeout must not be shorter than the first retry interval.");
        }
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    /// <summary>The longest wait between attempts (default one hour).</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>The overall retry budget, counted from the first attempt (default infinite).</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>Decides from the failure whether to retry at all (default: always).</summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>The delay before retry <paramref name="retryIndex"/> (0-based), or null when no retry should happen.</summary>
    internal TimeSpan? NextDelay(int retryIndex, DateTime firstAttemptAt, DateTime now, TaskFailureDetails failure)
    {
        if (retryIndex >= MaxNumberOfAttempts - 1 || !(HandleFailure?.Invoke(failure) ?? true))
        {
            return null;
        }
        if (RetryTimeout != Timeout.InfiniteTimeSpan && now >= firstAttemptAt + RetryTimeout)
        {
            return null;
        }
        double ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, retryIndex);
        if (MaxRetryInterval != Timeout.InfiniteTimeSpan)
        {
            ms = Math.Min(ms, MaxRetryInterval.TotalMilliseconds);
        }
        return TimeSpan.FromMilliseconds(ms);
    }
}
