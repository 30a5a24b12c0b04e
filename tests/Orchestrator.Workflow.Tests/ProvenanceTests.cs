using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Provenance;
using Orchestrator.Storage.Blobs;
using Orchestrator.Testing;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>
/// A route that promises C2PA whose clip has no valid manifest: flagged (the default) or refused and failed over
/// (ProvenanceRequirement Require); and a stored copy that lost the vendor's manifest is never delivered.
/// </summary>
public sealed class ProvenanceTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Fact]
    public async Task By_default_an_unsigned_clip_from_a_route_that_promises_C2PA_is_delivered_with_a_warning()
    {
        await using var host = await environment.StartHostAsync(settings => PromiseC2pa(settings, "luma/ray-3"));
        var team = Requests.Team("flag");

        var outcome = await host.RunAsync(Requests.Pinned(team, "luma/ray-3", Requests.Marker("flag")));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        Assert.Equal((ProvenanceState.Absent, true), (outcome.Provenance!.State, outcome.Provenance.Expected));
        Assert.Contains("promises C2PA-signed output, but the stored clip's manifest is absent", outcome.ProvenanceWarning, StringComparison.Ordinal);
        Assert.Contains("PROVENANCE WARNING", outcome.Message, StringComparison.Ordinal);
        var month = BookingMonth.Of(outcome.UpdatedAt);
        var row = Assert.Single(await host.CostRowsAsync(team, month));
        Assert.Equal((true, outcome.ProvenanceWarning), (row.Delivered, row.ProvenanceWarning));
        var spend = await host.Reports.SpendByTeamAsync(team, month);
        Assert.Equal((1, 1), (spend.SucceededJobs, spend.ProvenanceWarnings));
    }

    [Fact]
    public async Task When_C2PA_is_required_an_unsigned_clip_is_billed_kept_not_delivered_and_the_job_fails_over()
    {
        const string Promising = "fal/kling-v3-standard";
        await using var host = await environment.StartHostAsync(settings =>
        {
            PromiseC2pa(settings, Promising);
            settings["Orchestrator:Workflow:Policy:ProvenanceRequirement"] = "Require";
        });
        var team = Requests.Team("require");

        var outcome = await host.RunAsync(Requests.Auto(team, Requests.Marker("require")));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        Assert.Equal(Promising, outcome.Route!.Candidates[0].Route);
        Assert.Equal(2, outcome.Attempts.Count);
        var (refused, delivered) = (outcome.Attempts[0], outcome.Attempts[1]);
        Assert.Equal((Promising, AttemptState.Failed, "c2pa-required"), (refused.Route, refused.State, refused.Failure!.Code));
        Assert.Contains(refused.Notes, note => note.Contains("not delivered: C2PA is required", StringComparison.Ordinal));
        Assert.Equal(AttemptState.Succeeded, delivered.State);
        Assert.False(outcome.Route.Candidates[1].C2paExpected);
        Assert.Null(outcome.ProvenanceWarning);

        // The refused clip is billed per the route's rule for a completed job and kept beside the delivered one.
        var rows = (await host.CostRowsAsync(team, BookingMonth.Of(delivered.EndedAt!.Value))).OrderBy(row => row.Attempt).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("completed", true, false), (rows[0].BillingStatus, rows[0].Billed, rows[0].Delivered));
        Assert.NotNull(rows[0].ProvenanceWarning);
        Assert.Equal((true, null), (rows[1].Delivered, rows[1].ProvenanceWarning));
        var container = await host.Storage.VideosAsync(JobEnvironment.Sandbox, default);
        var run = new JobRunId(outcome.InstanceId, outcome.RunId!);
        Assert.Equal(StoreVideo.BlobName(team, outcome.StartedAt, run, 2), outcome.Video!.BlobName);
        Assert.Equal("1", (await container.GetPropertiesAsync(StoreVideo.BlobName(team, outcome.StartedAt, run, 1))).Value.Metadata["attempt"]);
        Assert.Equal(1, (await host.Reports.SpendByTeamAsync(team, rows[0].Month)).SucceededJobs);
    }

    [Fact]
    public async Task A_stored_copy_that_lost_the_vendors_manifest_is_never_delivered()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team("strip");
        var marker = Requests.Marker("strip");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { QueueMs = 1500, RunMs = 1500 } });
        var instanceId = await host.StartAsync(Requests.Pinned(team, "openai/sora-2", marker));

        // Before the clip is stored, a copy without the manifest takes the job's blob name: the upload keeps the first copy.
        var running = await Eventually.ValueAsync(() => host.Jobs.GetAsync(instanceId), view => view?.Step == JobStep.Waiting, "the job waits for its vendor");
        var blobName = StoreVideo.BlobName(team, running!.StartedAt, new JobRunId(instanceId, running.RunId!), 1);
        var container = await host.Storage.VideosAsync(JobEnvironment.Sandbox, default);
        await using (var altered = File.OpenRead(RepoPaths.C2paFixture("video1_no_manifest.mp4")))
        {
            await container.UploadAsync(blobName, altered, new BlobUploadOptions { ContentType = StoreVideo.ContentType });
        }
        var outcome = await host.OutcomeAsync(instanceId);

        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Contains("differs from the vendor's download", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(blobName, outcome.Video!.BlobName);
        Assert.Equal(ProvenanceState.Valid, outcome.Video.OriginalState);
        Assert.Equal((ManifestComparison.Stripped, false, true), (outcome.Provenance!.Comparison, outcome.Provenance.StoredBytesMatch, outcome.Provenance.StoredCopyDiffers));
        var row = Assert.Single(await host.CostRowsAsync(team, BookingMonth.Of(outcome.UpdatedAt)));
        Assert.Equal(("completed", false), (row.BillingStatus, row.Delivered));
    }

    /// <summary>Points the host at a copy of the shipped routes in which <paramref name="route"/> promises C2PA-signed output.</summary>
    private static void PromiseC2pa(IDictionary<string, string?> settings, string route)
    {
        var routes = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("src", "Orchestrator.Core", "Routing", "routes.json")))!;
        var promising = routes["routes"]!.AsArray().Single(entry => (string?)entry!["id"] == route)!;
        promising["c2paByDefault"] = true;
        var path = Path.Combine(Path.GetDirectoryName(settings["Orchestrator:Durable:DatabasePath"])!, "routes.json");
        File.WriteAllText(path, routes.ToJsonString());
        settings["Orchestrator:Routing:RoutesPath"] = path;
    }
}
