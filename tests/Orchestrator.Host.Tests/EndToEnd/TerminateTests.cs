using System.Net;
using System.Text.Json;
using Orchestrator.Durable.Client;
using Orchestrator.Emulator.State;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using JobBehavior = Orchestrator.Emulator.JobBehavior;
using EmulatedOutcome = Orchestrator.Emulator.JobOutcome;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// Terminating a job never strands money: through the management API a team's key terminates its own job and the host
/// releases its holds at once (the vendor job cancelled, the attempt booked once); a job terminated behind the host's
/// back is released by the host's sweep. Either way nothing stays reserved and spent is the sum of the cost rows.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class TerminateTests(MainStack main)
{
    private const string Instances = "runtime/webhooks/durabletask/instances";

    private HostStack Stack => main.Stack;

    [Fact]
    public async Task A_team_key_terminates_its_own_job_and_the_host_cancels_it_at_the_vendor_and_releases_its_holds()
    {
        const string team = "team-a";
        var marker = $"[terminate-{HostStack.NewTeam("t")}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Hang } });
        var started = await Stack.StartJobAsync(Requests.Simple(team, $"{marker} a clock that never strikes"), HostStack.TeamAKey);
        var path = $"{Instances}/{Uri.EscapeDataString(started.Id)}/terminate?reason=wrong%20brief";
        await AtTheVendorAsync(Stack, started.Id);
        using var teamB = Stack.Http(HostStack.TeamBKey);
        using var teamA = Stack.Http(HostStack.TeamAKey);

        await (await teamB.PostAsync(path, null)).ProblemAsync(HttpStatusCode.NotFound, ApiProblems.NotFoundType);
        using var terminated = await teamA.PostAsync(path, null);
        var job = await ReleasedAsync(Stack, started.Id, HostStack.TeamAKey);

        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        await AssertBookedOnceAsync(Stack, team, started.Id, job);
        await (await teamA.PostAsync(path, null)).ProblemAsync(HttpStatusCode.Gone, ApiProblems.GoneType);
    }

    [Fact]
    public async Task A_job_terminated_behind_the_hosts_back_is_released_by_the_hosts_sweep()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var stack = await HostStack.StartAsync(azurite, settings => settings["Orchestrator:Workflow:HoldSweep:Interval"] = "00:00:01");
        var team = HostStack.NewTeam("swept");
        var marker = $"[swept-{team}]";
        stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Hang } });
        var started = await stack.StartJobAsync(Requests.Simple(team, $"{marker} a kettle that never boils"));
        await AtTheVendorAsync(stack, started.Id);

        await stack.Services.GetRequiredService<DurableTaskClient>().TerminateInstanceAsync(started.Id, "straight through the client");
        var job = await ReleasedAsync(stack, started.Id, HostStack.AdminKey);

        await AssertBookedOnceAsync(stack, team, started.Id, job);
    }

    private static Task AtTheVendorAsync(HostStack stack, string instanceId) =>
        Eventually.ValueAsync(() => stack.GetJobAsync(instanceId), details => details?.Job.Attempts is [{ VendorJobId: not null }], "the job is at the vendor");

    /// <summary>Waits until GET /api/jobs/{id} shows the job terminated and its holds released; returns the job view.</summary>
    private static async Task<JsonElement> ReleasedAsync(HostStack stack, string instanceId, string key)
    {
        var read = await Eventually.ValueAsync(() => stack.GetJobAsync(instanceId, key),
            details => details?.Raw.GetProperty("job").TryGetProperty("release", out var release) == true
                && release.ValueKind == JsonValueKind.Object && release.GetProperty("done").GetBoolean(),
            "the job's holds are released");
        return read!.Raw.GetProperty("job");
    }

    /// <summary>The job's attempt booked once as canceled at the vendor; the team's budgets hold nothing and spent the sum of its rows.</summary>
    private static async Task AssertBookedOnceAsync(HostStack stack, string team, string instanceId, JsonElement job)
    {
        Assert.Equal("terminated", job.GetProperty("runtimeStatus").GetString());
        var attempt = Assert.Single(job.GetProperty("release").GetProperty("attempts").EnumerateArray().ToList());
        Assert.Equal("canceled", attempt.GetProperty("billingStatus").GetString());
        var vendorJobId = attempt.GetProperty("vendorJobId").GetString();
        Assert.True(Assert.Single(stack.Emulator.State.Jobs, emulated => emulated.Id == vendorJobId).CancelRequests > 0, "the vendor job was not cancelled");
        var row = Assert.Single(await stack.CostRowsAsync(team), candidate => candidate.InstanceId == instanceId);
        Assert.Equal(("canceled", attempt.GetProperty("costUsd").GetDecimal()), (row.BillingStatus, row.CostUsd));
        // Other jobs of the team may still be finishing: wait for them, then the ledger must match the rows exactly.
        await Eventually.TrueAsync(async () =>
        {
            var budget = await stack.BudgetAsync(team);
            var rows = await stack.CostRowsAsync(team);
            return budget.Budget.ReservedUsd == 0m && budget.Environments["sandbox"].ReservedUsd == 0m
                && budget.Budget.SpentUsd == rows.Sum(candidate => candidate.CostUsd)
                && budget.Environments["sandbox"].SpentUsd == rows.Where(candidate => candidate.Environment == "sandbox").Sum(candidate => candidate.CostUsd);
        }, "nothing is reserved and spent equals the cost rows");
    }
}
