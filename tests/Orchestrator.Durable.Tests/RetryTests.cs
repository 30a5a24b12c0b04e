using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Tests;

public sealed class RetryTests
{
    [Fact]
    public async Task Retries_wait_durable_timers_of_first_interval_times_coefficient_to_the_attempt_capped_at_the_maximum()
    {
        int calls = 0;
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(100), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMilliseconds(300));
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Flaky", (_, x) => Interlocked.Increment(ref calls) < 5 ? throw new TimeoutException("vendor timeout") : x)
            .AddOrchestratorFunc<string, string>("Submit", (ctx, x) => ctx.CallActivityAsync<string>("Flaky", x, TaskOptions.FromRetryPolicy(policy))));

        OrchestrationMetadata result = await engine.RunAsync("Submit", "clip", "retry-1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(5, calls);
        List<HistoryEvent> history = [.. await engine.Client.GetHistoryAsync("retry-1")];
        Assert.Equal(5, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(4, history.OfType<TaskFailedEvent>().Count());
        // Each retry timer fires exactly first * 2^n after the step that saw the failure, capped at 300 ms.
        var delays = history.OfType<TimerCreatedEvent>()
            .Select(t => t.FireAt - StepStart(history, t))
            .ToArray();
        Assert.Equal([100, 200, 300, 300], delays.Select(d => d.TotalMilliseconds));
        Assert.All(history.OfType<TimerFiredEvent>(), f => Assert.True(f.Timestamp >= f.FireAt));
    }

    [Fact]
    public async Task A_failure_the_policy_does_not_handle_is_not_retried_and_fails_the_orchestration_with_its_details()
    {
        int calls = 0;
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(50)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() };
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Validate", (_, _) =>
                Interlocked.Increment(ref calls) > 0 ? throw new ArgumentOutOfRangeException("duration", "must be 5 to 20 s") : "unreachable")
            .AddOrchestratorFunc<string, string>("Submit", (ctx, x) => ctx.CallActivityAsync<string>("Validate", x, TaskOptions.FromRetryPolicy(policy))));

        OrchestrationMetadata result = await engine.RunAsync("Submit", "clip");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, calls);
        Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("must be 5 to 20 s", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_policies_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(1), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(2), 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(2), 1, null, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromHours(1), new RetryPolicy(1, TimeSpan.FromSeconds(1)).MaxRetryInterval);
    }

    [Fact]
    public void The_retry_timeout_counts_from_the_first_attempt()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), retryTimeout: TimeSpan.FromSeconds(5));
        var first = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var failure = new TaskFailureDetails("E", "m", null, null);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(0, first, first.AddSeconds(4), failure));
        Assert.Null(policy.NextDelay(1, first, first.AddSeconds(5), failure));
        Assert.Null(policy.NextDelay(9, first, first, failure));
    }

    private static DateTime StepStart(List<HistoryEvent> history, HistoryEvent e) =>
        history.Take(history.IndexOf(e)).OfType<OrchestratorStartedEvent>().Last().Timestamp;
}
