using Orchestrator.Core.Jobs;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Storage.Blobs;
using Orchestrator.Testing;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// A clip that was stored but not delivered (here: the stored copy differs from the vendor's download) is never handed
/// to the team as a link; an admin key still gets one, to inspect it.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class UndeliveredClipTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task A_kept_but_undelivered_clip_is_linked_for_admins_only()
    {
        const string team = "team-a";
        var marker = $"[kept-{HostStack.NewTeam("k")}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { QueueMs = 1500, RunMs = 1500 } });
        var started = await Stack.StartJobAsync(Requests.Simple(team, $"{marker} a lighthouse keeper's log"), HostStack.TeamAKey);
        var running = await Eventually.ValueAsync(() => Stack.GetJobAsync(started.Id), read => read?.Job.Step == JobStep.Waiting, "the job waits for its vendor");

        // Another copy takes the clip's blob name first: the upload keeps it, and the check finds the bytes differ.
        var job = running!.Job;
        var blobName = StoreVideo.BlobName(team, job.StartedAt, new JobRunId(job.InstanceId, job.RunId!), 1);
        var container = await Stack.Services.GetRequiredService<WorkflowStorage>().VideosAsync(JobEnvironment.Sandbox, default);
        await using (var other = File.OpenRead(RepoPaths.C2paFixture("video1_no_manifest.mp4")))
        {
            await container.UploadAsync(blobName, other, new BlobUploadOptions { ContentType = StoreVideo.ContentType });
        }
        await Stack.FinishedAsync(started.Id);

        var asTeam = await Stack.GetJobAsync(started.Id, HostStack.TeamAKey);
        var asAdmin = await Stack.GetJobAsync(started.Id);

        Assert.Equal(JobStatus.Failed, asTeam!.Job.Status);
        Assert.Equal(blobName, asTeam.Job.Video!.BlobName);
        Assert.Null(asTeam.VideoUrl);
        Assert.NotNull(asAdmin!.VideoUrl);
    }
}
