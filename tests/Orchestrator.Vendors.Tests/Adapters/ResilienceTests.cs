using System.Diagnostics;
using System.Net;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Vendors.Resilience;
using Orchestrator.Vendors.Tests.Support;
using Orchestrator.Vendors.Webhooks;
using Polly.CircuitBreaker;

namespace Orchestrator.Vendors.Tests.Adapters;

/// <summary>
/// The Polly pipelines against scripted faults: 429 with Retry-After honoured, 5xx bursts retried where repeating is
/// safe, submits never repeated once they may have reached a vendor that cannot deduplicate, lost answers reconciled,
/// fal's user timeout left alone, and the circuit breaker the router reads.
/// </summary>
public sealed class ResilienceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_throttled_submit_waits_as_told_and_creates_one_job()
    {
        using var scenario = await Scenario.StartAsync(emulator, "runway/gen4", new JobBehavior { SubmitThrottles = 2, RetryAfterMs = 400 });
        var watch = Stopwatch.StartNew();

        var result = await scenario.Client.SubmitAsync(scenario.Request);

        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(750), $"two 400 ms Retry-After waits, took {watch.Elapsed}");
        Assert.Equal(3, (await emulator.SubmissionsAsync())[$"runway:{scenario.Request.Job.Prompt}"]);
        Assert.Single(await scenario.JobsAsync());
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_pipeline_holds_a_call_is_handed_back_unsubmitted()
    {
        using var scenario = await Scenario.StartAsync(emulator, "luma/ray-3", new JobBehavior { SubmitThrottles = 1, RetryAfterMs = 30_000 });

        var result = await scenario.Client.SubmitAsync(scenario.Request);

        Assert.Equal(SubmitOutcome.NotSubmitted, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
        Assert.Equal(FailureKind.Unavailable, result.Failure!.Kind);
        Assert.Equal(1, (await emulator.SubmissionsAsync())[$"luma:{scenario.Request.Job.Prompt}"]);
        Assert.Empty(await scenario.JobsAsync());
    }

    [Fact]
    public async Task A_Retry_After_on_a_5xx_longer_than_the_pipeline_holds_a_call_ends_the_call_with_the_hint()
    {
        using var scenario = await Scenario.StartAsync(emulator, "runway/gen4",
            new JobBehavior { PollServerErrors = 1, ServerErrorStatus = 503, RetryAfterMs = 30_000, RetryAfterOnServerErrors = true });
        var job = await scenario.SubmittedAsync();

        var error = await Assert.ThrowsAsync<VendorRequestException>(() => scenario.Client.GetStatusAsync(job));

        Assert.Equal((VendorErrorKind.Transient, HttpStatusCode.ServiceUnavailable), (error.Kind, error.Status));
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal(1, Assert.Single(await scenario.JobsAsync()).Requests);
    }

    [Theory]
    [MemberData(nameof(AdapterRoutes.OnePerAdapter), MemberType = typeof(AdapterRoutes))]
    public async Task A_5xx_burst_and_429s_on_polls_are_retried(string routeId)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { PollThrottles = 1, PollServerErrors = 3, RetryAfterMs = 20 });
        var client = scenario.Client;
        var job = (await client.SubmitAsync(scenario.Request)).Job!;

        var status = await client.GetStatusAsync(job);

        Assert.False(status.IsTerminal && status.State != VendorJobState.Succeeded);
        Assert.Equal(5, Assert.Single(await scenario.JobsAsync()).Requests);
    }

    [Theory]
    [InlineData("openai/sora-2")]
    [InlineData("runway/gen4")]
    [InlineData("fal/kling-v3-standard")]
    [InlineData("luma/ray-3")]
    [InlineData("byteplus/seedance-2.0")]
    public async Task A_5xx_on_submit_is_never_repeated_when_the_vendor_cannot_deduplicate(string routeId)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { SubmitServerErrors = 1 }, emulator.Inbox("unused"));

        var result = await scenario.Client.SubmitAsync(scenario.Request);

        Assert.Equal(SubmitOutcome.Uncertain, result.Outcome);
        Assert.True(result.Failure!.IsVendorFault);
        Assert.Equal(1, (await emulator.SubmissionsAsync()).Where(pair => pair.Key.EndsWith(scenario.Request.Job.Prompt, StringComparison.Ordinal) || pair.Key.EndsWith(scenario.Request.SubmissionKey, StringComparison.Ordinal)).Sum(pair => pair.Value));
        Assert.Empty(await scenario.JobsAsync());
    }

    [Fact]
    public async Task A_submit_answered_too_slowly_is_uncertain_and_never_repeated()
    {
        var impatient = EmulatorFixture.FastResilience with { AttemptTimeout = TimeSpan.FromSeconds(1) };
        using var scenario = await Scenario.StartAsync(emulator, "runway/gen4", new JobBehavior { LatencyMinMs = 4000, LatencyMaxMs = 5000 }, resilience: impatient);
        var attempts = $"runway:{scenario.Request.Job.Prompt}";

        var result = await scenario.SubmitAsync();

        Assert.Equal(SubmitOutcome.Uncertain, result.Outcome);
        Assert.Equal((FailureKind.VendorFault, "Timeout"), (result.Failure!.Kind, result.Failure.Code));
        var counted = await Eventually.ValueAsync(emulator.SubmissionsAsync, submissions => submissions.ContainsKey(attempts), "the attempt reached the emulator");
        Assert.Equal(1, counted[attempts]);
    }

    [Fact]
    public async Task A_status_call_answered_too_slowly_is_retried_then_fails_as_a_timeout()
    {
        using var scenario = await Scenario.StartAsync(emulator, "luma/ray-3", new JobBehavior { LatencyMinMs = 2000, LatencyMaxMs = 2500 });
        var job = await scenario.SubmittedAsync();
        using var impatient = emulator.Clients(EmulatorFixture.FastResilience with { MaxRetries = 2, AttemptTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<VendorRequestException>(() => impatient.For(job.Contract).GetStatusAsync(job));

        Assert.Equal(VendorErrorKind.Timeout, error.Kind);
        var calls = await Eventually.ValueAsync(scenario.JobsAsync, jobs => Assert.Single(jobs).Requests >= 3, "the three attempts reached the emulator");
        Assert.Equal(3, Assert.Single(calls).Requests);
    }

    [Fact]
    public async Task Kling_repeats_a_failed_submit_safely_because_external_task_id_deduplicates()
    {
        using var scenario = await Scenario.StartAsync(emulator, "kling/kling-v3", new JobBehavior { SubmitServerErrors = 2, ServerErrorStatus = 500 });

        var result = await scenario.Client.SubmitAsync(scenario.Request);

        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        Assert.Equal(3, (await emulator.SubmissionsAsync())[$"kling:{scenario.Request.SubmissionKey}"]);
        Assert.Equal(result.Job!.VendorJobId, Assert.Single(await scenario.JobsAsync()).Id);
    }

    [Fact]
    public async Task Kling_resolves_a_lost_submit_answer_to_the_one_task_that_exists()
    {
        using var scenario = await Scenario.StartAsync(emulator, "kling/kling-v3", new JobBehavior { LoseSubmitAnswer = true });
        var client = scenario.Client;

        var result = await client.SubmitAsync(scenario.Request);
        var again = await client.SubmitAsync(scenario.Request);

        var only = Assert.Single(await scenario.JobsAsync());
        Assert.Equal((SubmitOutcome.Accepted, only.Id), (result.Outcome, result.Job!.VendorJobId));
        Assert.Equal((SubmitOutcome.Accepted, only.Id), (again.Outcome, again.Job!.VendorJobId));
        Assert.Equal(scenario.Request.SubmissionKey, only.SubmissionKey);
    }

    [Theory]
    [InlineData("luma/ray-3", true)]
    [InlineData("byteplus/seedance-2.0", true)]
    [InlineData("openai/sora-2", false)]
    public async Task A_lost_submit_answer_is_found_by_lookup_not_by_submitting_again(string routeId, bool exact)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { LoseSubmitAnswer = true }, emulator.Inbox("lost"));
        var client = scenario.Client;
        var intent = DateTimeOffset.UtcNow;

        var result = await client.SubmitAsync(scenario.Request);
        var lookup = await client.FindSubmittedAsync(scenario.Request, intent);

        Assert.Equal(SubmitOutcome.Uncertain, result.Outcome);
        var only = Assert.Single(await scenario.JobsAsync());
        Assert.Equal(only.Id, lookup.Found!.VendorJobId);
        Assert.Equal(exact, lookup.Conclusive);
        Assert.Equal(VendorJobState.Succeeded, (await Polling.UntilTerminalAsync(client, lookup.Found))[^1].State);
    }

    [Fact]
    public async Task A_lookup_that_finds_nothing_says_whether_that_can_be_trusted()
    {
        using var clients = emulator.Clients();
        var never = Jobs.For("luma/ray-3", Jobs.Marker("never"), emulator.Inbox("never"));
        var runway = Jobs.For("runway/gen4", Jobs.Marker("never"));
        var kling = Jobs.For("kling/kling-v3", Jobs.Marker("never"));

        var luma = await clients.For(never.Route).FindSubmittedAsync(never, DateTimeOffset.UtcNow);
        var noListing = await clients.For(runway.Route).FindSubmittedAsync(runway, DateTimeOffset.UtcNow);
        var byKey = await clients.For(kling.Route).FindSubmittedAsync(kling, DateTimeOffset.UtcNow);

        Assert.Equal((null, true), (luma.Found, luma.Conclusive));
        Assert.Equal((null, false), (noListing.Found, noListing.Conclusive));
        Assert.Equal((null, true), (byKey.Found, byKey.Conclusive));
    }

    [Fact]
    public async Task Fal_reveals_the_job_of_a_lost_submit_through_its_signed_webhook()
    {
        var marker = Jobs.Marker("fal-lost");
        await emulator.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { LoseSubmitAnswer = true, QueueMs = 10, RunMs = 30 } });
        using var clients = emulator.Clients();
        var box = $"fal-lost-{Guid.NewGuid():N}";
        var request = Jobs.For("fal/kling-v3-standard", marker, emulator.Inbox(box));
        var client = clients.For(request.Route);

        var result = await client.SubmitAsync(request);
        var delivery = (await Eventually.ValueAsync(() => emulator.InboxAsync(box), deliveries => deliveries.Count > 0, "a webhook was delivered"))[0];
        var verified = await client.VerifyWebhookAsync(WebhookRequest.Create(new Uri(delivery.Url), delivery.Headers, Convert.FromBase64String(delivery.BodyBase64)));

        Assert.Equal(SubmitOutcome.Uncertain, result.Outcome);
        Assert.Equal(WebhookOutcome.Accepted, verified.Outcome);
        Assert.Equal(request.SubmissionKey, verified.Event!.SubmissionKey);
        Assert.Equal(Assert.Single(await emulator.JobsAsync(marker)).Id, verified.Event.VendorJobId);
    }

    [Fact]
    public async Task Fal_504_with_a_user_timeout_is_not_retried()
    {
        using var scenario = await Scenario.StartAsync(emulator, "fal/seedance-2.0", new JobBehavior { FalUserTimeout = true });
        var client = scenario.Client;
        var job = (await client.SubmitAsync(scenario.Request)).Job!;

        var error = await Assert.ThrowsAsync<VendorRequestException>(() => client.GetStatusAsync(job));

        Assert.Equal((HttpStatusCode.GatewayTimeout, "request_timeout"), (error.Status, error.VendorCode));
        Assert.Equal(1, Assert.Single(await scenario.JobsAsync()).Requests);
    }

    [Fact]
    public async Task Fal_user_timeouts_are_our_deadline_and_never_open_the_circuit()
    {
        var breaking = EmulatorFixture.FastResilience with { MaxRetries = 0, BreakerMinimumThroughput = 4, BreakerFailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(5) };
        using var scenario = await Scenario.StartAsync(emulator, "fal/seedance-2.0", new JobBehavior { FalUserTimeout = true }, resilience: breaking);
        var job = await scenario.SubmittedAsync();

        // The submit and four user timeouts: were they vendor faults, the breaker would open on the third.
        for (var call = 0; call < 4; call++)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, (await Assert.ThrowsAsync<VendorRequestException>(() => scenario.Client.GetStatusAsync(job))).Status);
        }

        Assert.Equal(CircuitState.Closed, scenario.Clients.Health.States["fal"]);
        Assert.Equal(4, Assert.Single(await scenario.JobsAsync()).Requests);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_vendor_faults_and_the_router_can_read_it()
    {
        var marker = Jobs.Marker("breaker");
        await emulator.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { PollServerErrors = 1000, ServerErrorStatus = 502 } });
        var breaking = EmulatorFixture.FastResilience with { MaxRetries = 0, BreakerMinimumThroughput = 4, BreakerFailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(5) };
        using var clients = emulator.Clients(breaking);
        var request = Jobs.For("runway/gen4", marker);
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;
        Assert.True(clients.Health.IsAvailable("runway"));

        // The submit and three failed polls make four calls, 75% failed: the breaker opens on the third failure.
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(VendorErrorKind.Transient, (await Assert.ThrowsAsync<VendorRequestException>(() => client.GetStatusAsync(job))).Kind);
        }
        var open = await Assert.ThrowsAsync<VendorRequestException>(() => client.GetStatusAsync(job));
        var refused = await client.SubmitAsync(Jobs.For("runway/gen4", marker));

        Assert.Equal((VendorErrorKind.CircuitOpen, false), (open.Kind, open.MayHaveReachedVendor));
        Assert.False(clients.Health.IsAvailable("runway"));
        Assert.Equal(CircuitState.Open, clients.Health.States["runway"]);
        Assert.True(clients.Health.IsAvailable("fal"));
        Assert.Equal(SubmitOutcome.NotSubmitted, refused.Outcome);
        // Three polls reached the vendor; the fourth was stopped by the open circuit.
        Assert.Equal(3, Assert.Single(await emulator.JobsAsync(marker)).Requests);
    }

    [Fact]
    public void Retry_hints_read_retry_after_ms_Retry_After_and_openai_poll_after_ms()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("retry-after-ms", "1500");
        response.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var poll = new HttpResponseMessage(HttpStatusCode.OK);
        poll.Headers.TryAddWithoutValidation("openai-poll-after-ms", "250");

        Assert.Equal(TimeSpan.FromMilliseconds(1500), Http.RetryHints.RetryAfter(response.Headers));
        Assert.Equal(TimeSpan.FromSeconds(7), Http.RetryHints.RetryAfter(seconds.Headers));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Http.RetryHints.PollAfter(poll.Headers));
        Assert.Null(Http.RetryHints.RetryAfter(poll.Headers));
    }
}
