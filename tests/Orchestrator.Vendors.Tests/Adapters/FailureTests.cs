using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Vendors.Tests.Support;

namespace Orchestrator.Vendors.Tests.Adapters;

/// <summary>Vendor failures, refusals, and downloads that go wrong, each scripted in the emulator and met over HTTP.</summary>
public sealed class FailureTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<string> Routes => new()
    {
        "openai/sora-2", "runway/gen4", "fal/kling-v3-standard", "fal/seedance-2.0", "luma/ray-3", "byteplus/seedance-2.0", "kling/kling-v3",
    };

    [Theory]
    [InlineData("openai/sora-2", null, "video_generation_failed", FailureKind.VendorFault)]
    [InlineData("runway/gen4", "INTERNAL.BAD_OUTPUT.CODE01", "INTERNAL.BAD_OUTPUT.CODE01", FailureKind.VendorFault)]
    [InlineData("runway/gen4", "INPUT_PREPROCESSING.INTERNAL", "INPUT_PREPROCESSING.INTERNAL", FailureKind.InvalidInput)]
    [InlineData("fal/kling-v3-standard", null, "runner_disconnected", FailureKind.VendorFault)]
    [InlineData("luma/ray-3", null, null, FailureKind.VendorFault)]
    [InlineData("byteplus/seedance-2.0", null, "InternalServiceError", FailureKind.VendorFault)]
    [InlineData("byteplus/seedance-2.0", "InvalidParameter.ImageUrl", "InvalidParameter.ImageUrl", FailureKind.InvalidInput)]
    [InlineData("kling/kling-v3", null, null, FailureKind.VendorFault)]
    public async Task A_failed_job_keeps_the_vendors_code_and_says_whose_fault_it_is(string routeId, string? scriptedCode, string? expectedCode, FailureKind kind)
    {
        var marker = Jobs.Marker("fail");
        await emulator.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = JobOutcome.Fail, FailureCode = scriptedCode, QueueMs = 20, RunMs = 50 } });

        var done = await RunAsync(routeId, marker);

        Assert.Equal(VendorJobState.Failed, done.State);
        Assert.Equal(kind, done.Failure!.Kind);
        Assert.Equal(expectedCode, done.Failure.Code);
        Assert.False(string.IsNullOrWhiteSpace(done.Failure.Message));
        Assert.False(done.Failure.IsSafetyRefusal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_safety_refusal_of_the_output_is_a_refusal_never_a_vendor_fault(string routeId)
    {
        var marker = Jobs.Marker("refuse");
        await emulator.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = JobOutcome.Refuse, QueueMs = 20, RunMs = 50 } });

        var done = await RunAsync(routeId, marker);

        Assert.Equal(VendorJobState.Failed, done.State);
        Assert.True(done.Failure!.IsSafetyRefusal, $"{done.Failure} should be a safety refusal");
        Assert.False(done.Failure.IsVendorFault);
    }

    [Theory]
    [MemberData(nameof(AdapterRoutes.OnePerAdapter), MemberType = typeof(AdapterRoutes))]
    public async Task A_refusal_at_submit_is_rejected_as_a_refusal_and_creates_no_job(string routeId)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { RefuseAtSubmit = true });

        var result = await scenario.Client.SubmitAsync(scenario.Request);

        Assert.Equal(SubmitOutcome.Rejected, result.Outcome);
        Assert.True(result.Failure!.IsSafetyRefusal, $"{result.Failure} should be a safety refusal");
        Assert.Empty(await scenario.JobsAsync());
    }

    [Fact]
    public async Task Kling_reads_an_error_code_in_a_200_submit_answer_as_the_error_it_is()
    {
        using var scenario = await Scenario.StartAsync(emulator, "kling/kling-v3", new JobBehavior { RefuseAtSubmit = true, KlingErrorInOkAnswer = true });

        var result = await scenario.SubmitAsync();

        Assert.Equal(SubmitOutcome.Rejected, result.Outcome);
        Assert.Equal(("1301", FailureKind.SafetyRefusal), (result.Failure!.Code, result.Failure.Kind));
        Assert.Empty(await scenario.JobsAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_expired_output_url_is_reported_as_expired(string routeId)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { QueueMs = 10, RunMs = 30, OutputTtlMs = 1 });
        var client = scenario.Client;
        var job = (await client.SubmitAsync(scenario.Request)).Job!;
        var done = (await Polling.UntilTerminalAsync(client, job))[^1];
        await Task.Delay(TimeSpan.FromMilliseconds(20));

        var error = await Assert.ThrowsAsync<VendorDownloadException>(() => client.DownloadAsync(job));

        Assert.Equal(DownloadProblem.Expired, error.Problem);
        Assert.Contains(done.State, new[] { VendorJobState.Succeeded, VendorJobState.Expired });
    }

    [Theory]
    [InlineData("openai/sora-2", DownloadMode.Truncate, DownloadProblem.Truncated)]
    [InlineData("runway/gen4", DownloadMode.Truncate, DownloadProblem.Truncated)]
    [InlineData("fal/pika-v2.2", DownloadMode.Truncate, DownloadProblem.Truncated)]
    [InlineData("kling/kling-v3", DownloadMode.Truncate, DownloadProblem.Truncated)]
    [InlineData("luma/ray-3", DownloadMode.Corrupt, DownloadProblem.Corrupt)]
    [InlineData("byteplus/seedance-2.0", DownloadMode.Corrupt, DownloadProblem.Corrupt)]
    [InlineData("fal/seedance-2.0", DownloadMode.Corrupt, DownloadProblem.Corrupt)]
    public async Task A_truncated_or_corrupt_download_is_detected_while_reading(string routeId, DownloadMode mode, DownloadProblem problem)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { QueueMs = 10, RunMs = 30, Download = mode });
        var client = scenario.Client;
        var job = (await client.SubmitAsync(scenario.Request)).Job!;
        await Polling.UntilTerminalAsync(client, job);

        var error = await Assert.ThrowsAsync<VendorDownloadException>(async () =>
        {
            await using var download = await client.DownloadAsync(job);
            await download.Content.CopyToAsync(Stream.Null);
        });

        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("runway/gen4", true)]
    [InlineData("fal/kling-v3-standard", true)]
    [InlineData("openai/sora-2", true)]
    [InlineData("luma/ray-3", true)]
    [InlineData("byteplus/seedance-2.0", false)]
    [InlineData("kling/kling-v3", false)]
    public async Task A_hanging_job_can_be_cancelled_where_the_vendor_cancels(string routeId, bool cancels)
    {
        using var scenario = await Scenario.StartAsync(emulator, routeId, new JobBehavior { QueueMs = 10, RunMs = 100, Outcome = JobOutcome.Hang });
        var client = scenario.Client;
        var job = (await client.SubmitAsync(scenario.Request)).Job!;
        var running = await Eventually.ValueAsync(() => client.GetStatusAsync(job), status => status.State == VendorJobState.Running, "the job runs");
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        Assert.Equal(VendorJobState.Running, (await client.GetStatusAsync(job)).State);

        var cancel = await client.CancelAsync(job);

        Assert.Equal(cancels, cancel.Accepted);
        Assert.Equal(client.Capabilities.Cancel, cancel.Supported);
        var recorded = Assert.Single(await scenario.JobsAsync());
        if (!cancels)
        {
            Assert.Equal(VendorJobState.Running, (await client.GetStatusAsync(job)).State);
            Assert.Equal("Running", recorded.Phase);
            return;
        }
        Assert.Equal("Canceled", recorded.Phase);
        if (recorded.Deleted)
        {
            // OpenAI and Luma cancel by deleting: the job is gone.
            var gone = await Assert.ThrowsAsync<VendorRequestException>(() => client.GetStatusAsync(job));
            Assert.Equal(VendorErrorKind.NotFound, gone.Kind);
        }
        else
        {
            Assert.Equal(VendorJobState.Canceled, (await client.GetStatusAsync(job)).State);
        }
    }

    [Fact]
    public async Task BytePlus_cancels_a_queued_task()
    {
        using var scenario = await Scenario.StartAsync(emulator, "byteplus/seedance-2.0", new JobBehavior { QueueMs = 60_000 });
        var client = scenario.Client;
        var job = (await client.SubmitAsync(scenario.Request)).Job!;

        Assert.True((await client.CancelAsync(job)).Accepted);
        var status = await client.GetStatusAsync(job);
        Assert.Equal((VendorJobState.Canceled, "cancelled"), (status.State, status.RawStatus));
    }

    [Theory]
    [MemberData(nameof(AdapterRoutes.OnePerAdapter), MemberType = typeof(AdapterRoutes))]
    public async Task Wrong_credentials_are_an_account_problem_not_an_outage(string routeId)
    {
        var marker = Jobs.Marker("auth");
        var right = emulator.Options();
        var wrong = right with
        {
            OpenAI = right.OpenAI with { ApiKey = "wrong" },
            Runway = right.Runway with { ApiKey = "wrong" },
            Fal = right.Fal with { ApiKey = "wrong" },
            Luma = right.Luma with { ApiKey = "wrong" },
            Byteplus = right.Byteplus with { ApiKey = "wrong" },
            Kling = right.Kling with { SecretKey = "not-the-secret" },
        };
        using var clients = new VendorClients(wrong);
        var request = Jobs.For(routeId, marker);

        var result = await clients.For(request.Route).SubmitAsync(request);

        Assert.Equal(SubmitOutcome.Rejected, result.Outcome);
        Assert.Equal(FailureKind.Account, result.Failure!.Kind);
        Assert.Empty(await emulator.JobsAsync(marker));
    }

    [Theory]
    [InlineData("1100")]
    [InlineData("1101")]
    [InlineData("1102")]
    [InlineData("1304")]
    public async Task Kling_account_state_429s_are_tried_once_and_are_an_account_problem(string code)
    {
        using var scenario = await Scenario.StartAsync(emulator, "kling/kling-v3", new JobBehavior { SubmitThrottles = 3, ErrorCode = code, RetryAfterMs = 10 });

        var result = await scenario.SubmitAsync();

        Assert.Equal(SubmitOutcome.Rejected, result.Outcome);
        Assert.Equal((code, FailureKind.Account), (result.Failure!.Code, result.Failure.Kind));
        Assert.Equal(1, (await emulator.SubmissionsAsync())[$"kling:{scenario.Request.SubmissionKey}"]);
        Assert.Empty(await scenario.JobsAsync());
    }

    [Fact]
    public async Task Kling_throttling_429s_are_retried_until_accepted()
    {
        using var scenario = await Scenario.StartAsync(emulator, "kling/kling-v3", new JobBehavior { SubmitThrottles = 2, ErrorCode = "1303", RetryAfterMs = 10 });

        var result = await scenario.SubmitAsync();

        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        Assert.Equal(3, (await emulator.SubmissionsAsync())[$"kling:{scenario.Request.SubmissionKey}"]);
    }

    [Fact]
    public async Task Kling_refuses_a_token_that_expired_on_its_clock()
    {
        var marker = Jobs.Marker("jwt");
        // Our clock an hour behind: the 30-minute token is already expired for the vendor.
        var behind = new Orchestrator.Testing.ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        using var clients = new VendorClients(emulator.Options(), behind);
        var request = Jobs.For("kling/kling-v3", marker);

        var result = await clients.For(request.Route).SubmitAsync(request);

        Assert.Equal(SubmitOutcome.Rejected, result.Outcome);
        Assert.Equal(("1004", FailureKind.Account), (result.Failure!.Code, result.Failure.Kind));
    }

    private async Task<VendorJobStatus> RunAsync(string routeId, string marker)
    {
        using var clients = emulator.Clients();
        var request = Jobs.For(routeId, marker);
        var client = clients.For(request.Route);
        var submitted = await client.SubmitAsync(request);
        Assert.Equal(SubmitOutcome.Accepted, submitted.Outcome);
        return (await Polling.UntilTerminalAsync(client, submitted.Job!))[^1];
    }
}
