using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>Reports count a clip as delivered from the row of the attempt that stored it, never from a "completed" billing status.</summary>
public sealed class DeliveryTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Fact]
    public async Task A_finished_clip_that_could_not_be_stored_is_billed_completed_and_reported_undelivered()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team("delivery");
        var corrupt = Requests.Marker("corrupt");
        await environment.ScriptAsync(new ScriptRule { PromptContains = corrupt, Behavior = new JobBehavior { Download = DownloadMode.Corrupt } });

        var failed = await host.RunAsync(Requests.Pinned(team, "luma/ray-3", corrupt) with { MaxRegenerations = 0 });
        var delivered = await host.RunAsync(Requests.Pinned(team, "luma/ray-3", Requests.Marker("stored")));

        Assert.True(failed.Status == JobStatus.Failed, failed.Message);
        Assert.True(delivered.Status == JobStatus.Succeeded, delivered.Message);
        var month = BookingMonth.Of(delivered.UpdatedAt);
        var rows = (await host.CostRowsAsync(team, month)).ToDictionary(row => row.InstanceId);
        var unusable = rows[failed.InstanceId];
        Assert.Equal(("completed", true, false), (unusable.BillingStatus, unusable.Billed, unusable.Delivered));
        Assert.True(rows[delivered.InstanceId].Delivered);

        var spend = await host.Reports.SpendByTeamAsync(team, month);
        Assert.Equal((2, 2, 1), (spend.Attempts, spend.Jobs, spend.SucceededJobs));
        var luma = Assert.Single(spend.ByVendor);
        Assert.Equal((2, 1), (luma.Attempts, luma.UndeliveredAttempts));
        Assert.Equal((1, 0), (spend.AcceptedVideo.DeliveredVideos, spend.AcceptedVideo.ApprovedVideos));
        Assert.Equal(unusable.CostUsd + rows[delivered.InstanceId].CostUsd, spend.AcceptedVideo.BilledUsd);
    }
}
