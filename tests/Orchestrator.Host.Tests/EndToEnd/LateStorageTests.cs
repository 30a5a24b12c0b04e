using System.Net;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Storage.Local;
using Orchestrator.Testing;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The host started before its storage (Azurite on ports where nothing listens yet): it stays up, says so on /health
/// (503 problem details naming storage), its queue listener keeps trying, and once Azurite starts on those ports a queued
/// job runs. Nothing crashes meanwhile (the sweeps included): a storage outage is a warning line per try, with no stack trace.
/// </summary>
public sealed class LateStorageTests
{
    [Fact]
    public async Task A_host_started_before_its_storage_stays_up_and_runs_queued_jobs_once_storage_answers()
    {
        var ports = new AzuritePorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        await using var stack = await HostStack.StartAsync(AzuriteFixture.ConnectionStringFor(ports),
            settings => settings["Orchestrator:BulkQueue:MaxRetryInterval"] = "00:00:01");
        using var anonymous = stack.Http(key: null);

        var down = await (await anonymous.GetAsync("health")).ProblemAsync(HttpStatusCode.ServiceUnavailable, ApiProblems.UnavailableType);
        await Eventually.TrueAsync(() => Task.FromResult(stack.Lifetime.ApplicationStopping.IsCancellationRequested
            || (stack.Logs.Lines.Any(line => line.Contains("could not be reached (try 2;", StringComparison.Ordinal))
                && stack.Logs.Lines.Any(line => line.Contains("Webhook delivery sweep failed: ", StringComparison.Ordinal)))),
            "the queue listener has failed to reach storage twice and the webhook delivery sweep once (or the host is stopping)");
        Assert.False(stack.Lifetime.ApplicationStopping.IsCancellationRequested, string.Join('\n', stack.Logs.Lines));
        var stillDown = await (await anonymous.GetAsync("health")).ProblemAsync(HttpStatusCode.ServiceUnavailable, ApiProblems.UnavailableType);
        // The health service reports each unhealthy probe as an error line; a stack trace or a critical line means something crashed.
        var crashesWhileDown = stack.Logs.Lines.Where(line => line.Contains("\n   at ", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal)).ToList();

        await using var azurite = await AzuriteFixture.StartOwnAsync(ports);
        var team = HostStack.NewTeam("late");
        var queue = stack.Queue();
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Requests.Simple(team, $"a ship leaving the harbour ({team})", idempotencyKey: "late-1"));
        var job = await stack.FinishedAsync(JobInstanceId.For(team, "late-1"));
        var up = await (await anonymous.GetAsync("health")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(AzuriteFixture.ConnectionStringFor(ports), azurite.ConnectionString);
        Assert.Contains("storage: Storage does not answer", down.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Unhealthy", down.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", down.GetProperty("checks").GetProperty("durable-store").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", stillDown.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.True(crashesWhileDown.Count == 0, string.Join("\n", crashesWhileDown));
        Assert.True(job.Job.Status == JobStatus.Succeeded, $"{job.Job.Status}: {job.Job.Message}");
        Assert.Equal("Healthy", up.GetProperty("status").GetString());
    }
}
