using JobBehavior = Orchestrator.Emulator.JobBehavior;
using EmulatorOptions = Orchestrator.Emulator.EmulatorOptions;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The host killed mid-batch: a batch of jobs goes through the bulk queue to the host running as a child process; once
/// several are at the vendors, the process is killed (kill -9) and a new one started on the same SQLite file and Azurite.
/// Every job finishes, each vendor job was submitted once, and there is exactly one cost row per attempt.
/// </summary>
public sealed class HostCrashTests : IAsyncLifetime
{
    private const int Batch = 24;
    private readonly AzuriteFixture azurite = new();
    private HostStack stack = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        // Clips take a couple of seconds here, so the kill lands while jobs wait at the vendors.
        stack = await HostStack.StartAsync(azurite, emulatorOptions: new EmulatorOptions { DefaultBehavior = new JobBehavior { QueueMs = 500, RunMs = 2500 } }, inProcess: false);
    }

    public async Task DisposeAsync() => await stack.DisposeAsync();

    [Fact]
    public async Task Every_job_of_a_batch_finishes_after_the_host_is_killed_and_restarted()
    {
        var team = HostStack.NewTeam("crash");
        var first = await HostProcess.StartAsync(stack);
        var queue = stack.Queue();
        await queue.CreateIfNotExistsAsync();
        for (var i = 0; i < Batch; i++)
        {
            await queue.SendMessageAsync(Requests.Simple(team, $"clip {i} of a batch that survives a crash ({team})", idempotencyKey: $"crash-{i}"));
        }
        await Eventually.TrueAsync(() => Task.FromResult(stack.Emulator.State.Jobs.Count(job => job.Prompt.Contains(team, StringComparison.Ordinal)) >= 5),
            "several jobs are at the vendors");

        await first.KillAsync();
        var killedAt = stack.Emulator.State.Now;
        var doneAtKill = stack.Emulator.State.Jobs.Count(job => job.Prompt.Contains(team, StringComparison.Ordinal) && job.FinishesAt <= killedAt);
        await using var second = await HostProcess.StartAsync(stack);
        var jobs = await Eventually.ValueAsync(() => JobsAsync(team), found => found.Count == Batch && found.All(job => job.Status != JobStatus.Running),
            $"all {Batch} jobs have finished after the restart", TimeSpan.FromMinutes(4));
        var rows = await stack.CostRowsAsync(team);

        Assert.True(doneAtKill < Batch, "the kill came after every job had finished at its vendor; it proves nothing");
        Assert.All(jobs, job => Assert.True(job.Status == JobStatus.Succeeded, $"{job.InstanceId}: {job.Status} {job.Message}"));
        var attempts = jobs.SelectMany(job => job.Attempts).ToList();
        Assert.Equal(attempts.Select(attempt => attempt.SubmissionKey).Order(), rows.Select(row => row.SubmissionKey).Order());
        Assert.Equal(rows.Count, rows.Select(row => row.RowKey).Distinct().Count());
        var vendorJobs = stack.Emulator.State.Jobs.Where(job => job.Prompt.Contains(team, StringComparison.Ordinal)).ToList();
        // At most one vendor job per attempt: no attempt submitted twice (a submit cut by the kill may leave its job
        // unknown to the attempt, which then fails over as Unresolved rather than risk a second billed job).
        Assert.True(vendorJobs.Count <= attempts.Count, $"{vendorJobs.Count} vendor jobs for {attempts.Count} attempts");
        Assert.All(vendorJobs.Where(job => job.SubmissionKey is not null).GroupBy(job => job.SubmissionKey), perAttempt => Assert.Single(perAttempt));
        var known = attempts.Where(attempt => attempt.VendorJobId is not null).Select(attempt => attempt.VendorJobId).ToList();
        Assert.Equal(known.Count, known.Distinct().Count());
        Assert.All(known, id => Assert.Contains(vendorJobs, job => job.Id == id));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private async Task<List<JobOutcome>> JobsAsync(string team)
    {
        try
        {
            return await stack.JobsAsync(team);
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }
}
