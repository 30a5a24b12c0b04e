using Orchestrator.Core.Jobs;
using Orchestrator.Provenance;
using Orchestrator.Testing;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>A job on each vendor contract, end to end: stored clip with metadata, provenance, one cost row, a settled ledger.</summary>
public sealed class HappyPathTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Theory]
    [MemberData(nameof(AdapterRoutes.OnePerAdapter), MemberType = typeof(AdapterRoutes))]
    public async Task A_job_on_each_vendor_is_stored_checked_costed_and_settled(string routeId)
    {
        await using var host = await environment.StartHostAsync();
        await environment.UseOpenAiWebhooksOfAsync(host);
        var team = Requests.Team();
        var request = Requests.Pinned(team, routeId, Requests.Marker(routeId));

        var outcome = await host.RunAsync(request);

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal((routeId, AttemptState.Succeeded), (attempt.Route, attempt.State));
        Assert.NotNull(attempt.VendorJobId);
        var run = new JobRunId(outcome.InstanceId, outcome.RunId!);
        Assert.Equal(run.SubmissionKey(1), attempt.SubmissionKey);
        Assert.Equal(1, attempt.Submits);

        // The clip: team/yyyy/MM/{instance}~{run}.mp4 in the environment's container, with its type and metadata.
        var video = outcome.Video!;
        Assert.Equal($"{team}/{outcome.StartedAt:yyyy}/{outcome.StartedAt:MM}/{outcome.InstanceId}~{outcome.RunId}.mp4", video.BlobName);
        var container = await host.Storage.VideosAsync(JobEnvironment.Sandbox, default);
        Assert.Equal(container.Name, video.Container);
        var blob = (await container.GetPropertiesAsync(video.BlobName)).Value;
        Assert.Equal("video/mp4", blob.ContentType);
        Assert.Equal(video.Bytes, blob.ContentLength);
        Assert.True(blob.ContentLength > 10_000);
        var metadata = new Dictionary<string, string>(blob.Metadata, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(team, metadata["team"]);
        Assert.Equal(routeId, metadata["route"]);
        Assert.Equal(attempt.VendorJobId, metadata["vendorJobId"]);
        Assert.Equal("1", metadata["attempt"]);
        Assert.Equal(outcome.InstanceId, metadata["instanceId"]);
        Assert.Equal(outcome.RunId, metadata["runId"]);

        // Provenance of the stored copy, compared with the vendor's download: Sora signs its output, the others do not.
        var provenance = outcome.Provenance!;
        Assert.True(provenance.StoredBytesMatch);
        if (routeId.StartsWith("openai/", StringComparison.Ordinal))
        {
            Assert.Equal(ProvenanceState.Valid, provenance.State);
            Assert.Equal(ManifestComparison.Same, provenance.Comparison);
            Assert.NotNull(provenance.ManifestStoreSha256);
            Assert.True(provenance.Expected);
        }
        else
        {
            Assert.Equal(ProvenanceState.Absent, provenance.State);
            Assert.Equal(ManifestComparison.BothAbsent, provenance.Comparison);
        }

        // One cost row, priced from the rate catalog and billed as completed; the ledger equals it and nothing stays reserved.
        var month = BookingMonth.Of(attempt.EndedAt!.Value);
        var row = Assert.Single(await host.CostRowsAsync(team, month));
        Assert.Equal((outcome.InstanceId, outcome.RunId, 1, routeId, "completed", true), (row.InstanceId, row.RunId, row.Attempt, row.Route, row.BillingStatus, row.Billed));
        Assert.True(row.CostUsd > 0m);
        Assert.True(row.Delivered);
        Assert.Equal(row.CostUsd, outcome.BilledUsd);
        Assert.Equal(attempt.VendorJobId, row.VendorRequestId);
        Assert.NotNull(row.PriceSource);
        Assert.NotNull(row.PriceSourceDate);
        Assert.Equal(0m, outcome.ReservedUsd);
        foreach (var budget in new[] { await host.Budgets.GetAsync(team), await host.Budgets.GetAsync(team, JobEnvironment.Sandbox) })
        {
            Assert.Equal((0m, row.CostUsd, 0, 1), (budget.ReservedUsd, budget.SpentUsd, budget.JobsInFlight, budget.Settlements));
        }
    }
}
