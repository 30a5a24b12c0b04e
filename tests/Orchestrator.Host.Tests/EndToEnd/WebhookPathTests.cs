using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The webhook path: on a host whose first poll would come only after a minute, a job still finishes within seconds,
/// because the vendor's webhook (verified, then raised on the job) wakes it.
/// </summary>
public sealed class WebhookPathTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private HostStack stack = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        stack = await HostStack.StartAsync(azurite, settings =>
        {
            settings["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:01:00";
            settings["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:01:00";
        });
    }

    public async Task DisposeAsync() => await stack.DisposeAsync();

    [Theory]
    [InlineData("fal-queue")]
    [InlineData("kling-official")]
    public async Task A_webhook_wakes_the_job_long_before_its_first_poll(string contract)
    {
        var team = HostStack.NewTeam("woken");
        var request = Requests.PerVendor(team).Single(vendor => vendor.Contract == contract);

        var started = await stack.StartJobAsync(request.Json);
        var job = (await stack.FinishedAsync(started.Id, patience: TimeSpan.FromSeconds(45))).Job;

        Assert.Equal(JobStatus.Succeeded, job.Status);
        var attempt = Assert.Single(job.Attempts);
        Assert.True(attempt.Webhooks >= 1, $"webhooks {attempt.Webhooks}, polls {attempt.Polls}");
        Assert.Contains(stack.Emulator.State.SentWebhooks, sent => sent.JobId == attempt.VendorJobId && sent.ResponseStatus == 202);
    }
}
