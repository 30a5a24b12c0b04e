namespace Orchestrator.Durable;

/// <summary>Retry options for a task: a declarative <see cref="RetryPolicy"/>.</summary>
public sealed class TaskRetryOptions
{
    public TaskRetryOptions(RetryPolicy policy)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
    }

    /// <summary>The retry policy.</summary>
    public RetryPolicy Policy { get; }

    public static implicit operator TaskRetryOptions(RetryPolicy policy) => FromRetryPolicy(policy);

    public static TaskRetryOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}
