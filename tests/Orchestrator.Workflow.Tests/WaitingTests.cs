using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>How a job learns its vendor job ended: a verified webhook wakes it at once, or backed-off durable timers poll.</summary>
public sealed class WaitingTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Theory]
    [InlineData("openai/sora-2")]
    [InlineData("fal/kling-v3-standard")]
    [InlineData("luma/ray-3")]
    [InlineData("kling/kling-v3")]
    public async Task A_verified_webhook_wakes_the_job_long_before_its_timer(string routeId)
    {
        // The timer would first fire after 5 minutes: a job that finishes within the test's patience was woken by webhooks.
        await using var host = await environment.StartHostAsync(settings =>
        {
            settings["Orchestrator:Workflow:Policy:FirstPollDelay"] = "00:05:00";
            settings["Orchestrator:Workflow:Policy:MaxPollDelay"] = "00:10:00";
        });
        await environment.UseOpenAiWebhooksOfAsync(host);
        var marker = Requests.Marker(routeId);

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), routeId, marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.True(attempt.Webhooks >= 1);
        Assert.Equal(attempt.Webhooks, attempt.Polls);
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.Equal(attempt.VendorJobId, job.Id);
    }

    [Fact]
    public async Task Without_webhooks_the_job_polls_on_backed_off_timers()
    {
        await using var host = await environment.StartHostAsync(settings => settings.Remove("Orchestrator:Workflow:WebhookBaseUrl"));
        var marker = Requests.Marker("polling");

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), "luma/ray-3", marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(0, attempt.Webhooks);
        Assert.True(attempt.Polls >= 1);
        Assert.False(outcome.Route!.Candidates[0].Webhooks);
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.Null(job.CallbackUrl);
        Assert.True(job.Requests >= attempt.Polls);
    }
}
