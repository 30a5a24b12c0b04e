using Orchestrator.Workflow.Orchestration;

namespace Orchestrator.Workflow.Tests.Units;

/// <summary>Poll delays: exponential from a short start, capped, jittered the same way on every replay, never below the vendor's hint.</summary>
public sealed class PollBackoffTests
{
    private static readonly JobPolicy Policy = new() { FirstPollDelay = TimeSpan.FromSeconds(2), PollBackoff = 2.0, MaxPollDelay = TimeSpan.FromSeconds(30), PollJitter = 0.2 };

    [Fact]
    public void Delays_grow_exponentially_within_the_jitter_and_stop_at_the_cap()
    {
        var delays = Enumerable.Range(0, 8).Select(poll => PollBackoff.Delay(Policy, TimeSpan.FromSeconds(5), "job", 1, poll, null).TotalSeconds).ToList();

        for (var poll = 0; poll < 4; poll++)
        {
            var nominal = 2 * Math.Pow(2, poll);
            Assert.InRange(delays[poll], nominal * 0.8, nominal * 1.2);
        }
        Assert.All(delays, delay => Assert.True(delay <= 30));
        Assert.InRange(delays[7], 24, 30);
    }

    [Fact]
    public void Jitter_is_the_same_on_every_replay_and_differs_between_jobs()
    {
        var once = PollBackoff.Delay(Policy, TimeSpan.Zero, "job-a", 1, 3, null);

        Assert.Equal(once, PollBackoff.Delay(Policy, TimeSpan.Zero, "job-a", 1, 3, null));
        Assert.NotEqual(once, PollBackoff.Delay(Policy, TimeSpan.Zero, "job-b", 1, 3, null));
    }

    [Fact]
    public void The_route_interval_starts_the_backoff_when_no_first_delay_is_configured()
    {
        var delay = PollBackoff.Delay(Policy with { FirstPollDelay = null, PollJitter = 0 }, TimeSpan.FromSeconds(6), "job", 1, 0, null);

        Assert.Equal(TimeSpan.FromSeconds(6), delay);
    }

    [Fact]
    public void A_longer_vendor_hint_is_honoured_up_to_its_cap_and_a_shorter_one_changes_nothing()
    {
        var policy = Policy with { PollJitter = 0, MaxPollHint = TimeSpan.FromSeconds(40) };

        Assert.Equal(TimeSpan.FromSeconds(9), PollBackoff.Delay(policy, TimeSpan.Zero, "job", 1, 0, TimeSpan.FromSeconds(9)));
        Assert.Equal(TimeSpan.FromSeconds(40), PollBackoff.Delay(policy, TimeSpan.Zero, "job", 1, 0, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromSeconds(2), PollBackoff.Delay(policy, TimeSpan.Zero, "job", 1, 0, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void A_policy_that_cannot_work_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new JobPolicy { PollBackoff = 0.5 }.Validated());
        Assert.Throws<ArgumentException>(() => new JobPolicy { FirstPollDelay = TimeSpan.Zero }.Validated());
        Assert.Throws<ArgumentException>(() => new JobPolicy { PollJitter = 1 }.Validated());
        Assert.Same(Policy, Policy.Validated());
    }
}
