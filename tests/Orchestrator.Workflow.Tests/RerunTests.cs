using Orchestrator.Core.Jobs;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>
/// A purged job's idempotency key sent again starts a new run under the same instance id, and that run is a job of its
/// own: a new vendor job (Kling's external_task_id and our signed callback URLs name the run), its own clip, its own cost
/// row beside the old run's, its own settlement on the budgets; webhooks of the old run match nothing.
/// </summary>
public sealed class RerunTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Theory]
    [InlineData("kling/kling-v3")]
    [InlineData("luma/ray-3")]
    public async Task The_same_key_after_a_purge_makes_a_new_vendor_job_clip_and_cost_row(string routeId)
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("rerun");
        var request = Requests.Pinned(team, routeId, marker);

        var first = await host.RunAsync(request);
        Assert.Equal(1, (await host.Client.PurgeInstanceAsync(first.InstanceId)).PurgedInstanceCount);
        var restarted = await host.Jobs.StartAsync(request, WorkflowHost.CallerFor(team));
        var second = await host.OutcomeAsync(restarted.InstanceId);

        Assert.Equal((first.InstanceId, false), (restarted.InstanceId, restarted.AlreadyExisted));
        Assert.True(first.Status == JobStatus.Succeeded && second.Status == JobStatus.Succeeded, $"{first.Message} / {second.Message}");
        Assert.NotEqual(first.RunId, second.RunId);
        var (before, after) = (Assert.Single(first.Attempts), Assert.Single(second.Attempts));
        Assert.NotEqual(before.SubmissionKey, after.SubmissionKey);
        Assert.Equal(1, after.Submits);
        Assert.DoesNotContain(after.Notes, note => note.Contains("uncertain", StringComparison.Ordinal));

        // Two vendor jobs, each under its own key (for Kling, the external_task_id it deduplicates on).
        var jobs = await environment.JobsAsync(marker);
        Assert.Equal(2, jobs.Count);
        Assert.Equal(new[] { before.VendorJobId!, after.VendorJobId! }.Order(StringComparer.Ordinal), jobs.Select(job => job.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, jobs.Select(job => job.SubmissionKey).Distinct().Count());

        // Each run stored its own clip, and the second one is the second vendor job's download.
        Assert.NotEqual(first.Video!.BlobName, second.Video!.BlobName);
        Assert.True(second.Provenance!.StoredBytesMatch);

        // Two rows for the instance, one per run; the budgets booked both.
        var month = BookingMonth.Of(after.EndedAt!.Value);
        var rows = (await host.CostRowsAsync(team, month)).OrderBy(row => row.AttemptStartedAt).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal((first.InstanceId, 1), (row.InstanceId, row.Attempt)));
        Assert.Equal([first.RunId, second.RunId], rows.Select(row => row.RunId));
        Assert.Equal([before.VendorJobId, after.VendorJobId], rows.Select(row => row.VendorRequestId));
        foreach (var budget in new[] { await host.Budgets.GetAsync(team), await host.Budgets.GetAsync(team, JobEnvironment.Sandbox) })
        {
            Assert.Equal((0m, rows.Sum(row => row.CostUsd), 2), (budget.ReservedUsd, budget.SpentUsd, budget.Settlements));
        }
        Assert.Equal(second.RunId, (await host.Jobs.GetAsync(first.InstanceId))!.RunId);

        // A webhook of the old run names a run the instance no longer holds: it matches no job; the new run's does.
        Assert.False(await host.Jobs.RaiseVendorUpdateAsync(Webhook(routeId, before.SubmissionKey)));
        Assert.True(await host.Jobs.RaiseVendorUpdateAsync(Webhook(routeId, after.SubmissionKey)));
    }

    private static VendorWebhook Webhook(string routeId, string submissionKey) =>
        new(new VendorWebhookEvent(routeId.Split('/')[0], $"delivery-{submissionKey}", null, submissionKey, "completed", null));
}
