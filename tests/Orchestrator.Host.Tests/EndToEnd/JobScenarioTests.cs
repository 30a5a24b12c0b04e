using System.Net;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using Orchestrator.Workflow.Jobs;
using EmulatedOutcome = Orchestrator.Emulator.JobOutcome;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The ways a job can go, over real HTTP: the same request twice is one job and one vendor submit; a blocked prompt and a
/// job over budget cost nothing and reach no vendor; a failing vendor fails over with one cost row per attempt; a job that
/// runs past its route's timeout, or is cancelled, is cancelled at the vendor and its reservation released.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class JobScenarioTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task The_same_idempotency_key_twice_is_one_job_and_one_vendor_submit()
    {
        var team = HostStack.NewTeam("dup");
        var request = Requests.Simple(team, "a duplicate-free heron", idempotencyKey: "order-4711");

        var first = await Stack.StartJobAsync(request);
        var second = await Stack.StartJobAsync(request);
        var job = (await Stack.FinishedAsync(first.Id)).Job;
        var third = await Stack.StartJobAsync(request);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        var attempt = Assert.Single(job.Attempts);
        Assert.Single(Stack.Emulator.State.Jobs, emulated => emulated.SubmissionKey == attempt.SubmissionKey);
        Assert.Equal(1, Stack.Emulator.State.SubmitAttempts.Where(pair => pair.Key.EndsWith(":" + attempt.SubmissionKey, StringComparison.Ordinal)).Sum(pair => pair.Value));
        Assert.Single(await Stack.CostRowsAsync(team));
    }

    [Fact]
    public async Task The_Idempotency_Key_header_names_the_job_and_a_different_request_under_it_is_refused()
    {
        var team = HostStack.NewTeam("dupheader");
        using var http = Stack.Http();

        async Task<HttpResponseMessage> Post(string prompt)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "api/jobs") { Content = new StringContent(Requests.Simple(team, prompt), System.Text.Encoding.UTF8, "application/json") };
            message.Headers.Add("Idempotency-Key", "campaign-7/clip-3");
            return await http.SendAsync(message);
        }

        var first = await (await Post("a kettle on a stove")).JsonAsync(HttpStatusCode.Accepted);
        var again = await (await Post("a kettle on a stove")).JsonAsync(HttpStatusCode.Accepted);
        var conflict = await (await Post("a different clip")).ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Contains("campaign-7/clip-3", conflict.GetProperty("detail").GetString());
        Assert.Equal("campaign-7/clip-3", (await Stack.FinishedAsync(first.GetProperty("id").GetString()!)).ViewField("idempotencyKey"));
    }

    [Fact]
    public async Task A_blocked_prompt_ends_Moderated_without_reserving_or_reaching_a_vendor()
    {
        var team = HostStack.NewTeam("mod");

        var started = await Stack.StartJobAsync(Requests.Simple(team, "a beheading in the town square"));
        var job = (await Stack.FinishedAsync(started.Id)).Job;

        Assert.Equal(JobStatus.Moderated, job.Status);
        Assert.False(job.Moderation!.Allowed);
        Assert.Contains("violence/graphic", job.Moderation.Categories);
        Assert.Empty(job.Attempts);
        Assert.Equal(0m, job.BilledUsd);
        Assert.DoesNotContain(Stack.Emulator.State.Jobs, emulated => emulated.Prompt.Contains("beheading", StringComparison.Ordinal));
        Assert.Empty(await Stack.CostRowsAsync(team));
        var budget = await Stack.BudgetAsync(team);
        Assert.Equal(0m, budget.Environments["sandbox"].ReservedUsd + budget.Environments["sandbox"].SpentUsd);
    }

    [Fact]
    public async Task A_job_over_the_teams_quota_ends_BudgetExceeded_with_the_numbers_and_costs_nothing()
    {
        var team = HostStack.NewTeam("broke");
        await Stack.SetSandboxCeilingAsync(team, 0.10m);

        var started = await Stack.StartJobAsync(Requests.Simple(team, "a neon city in the rain, drone shot"));
        var job = (await Stack.FinishedAsync(started.Id)).Job;

        Assert.Equal(JobStatus.BudgetExceeded, job.Status);
        Assert.False(job.Budget!.Granted);
        Assert.Equal(0.10m, job.Budget.CeilingUsd);
        Assert.True(job.Budget.RequestedUsd > job.Budget.AvailableUsd);
        Assert.Empty(job.Attempts);
        Assert.DoesNotContain(Stack.Emulator.State.Jobs, emulated => emulated.Prompt.Contains("neon city", StringComparison.Ordinal));
        Assert.Empty(await Stack.CostRowsAsync(team));
    }

    [Fact]
    public async Task A_failing_vendor_fails_over_to_the_next_route_with_one_cost_row_per_attempt()
    {
        var team = HostStack.NewTeam("failover");
        var marker = $"[failover-{team}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Times = 1, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Fail } });

        var started = await Stack.StartJobAsync(Requests.Simple(team, $"{marker} a paper boat in a gutter"));
        var job = (await Stack.FinishedAsync(started.Id)).Job;
        var rows = await Stack.CostRowsAsync(team);

        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(2, job.Attempts.Count);
        Assert.Equal(AttemptState.Failed, job.Attempts[0].State);
        Assert.Equal(AttemptState.Succeeded, job.Attempts[1].State);
        Assert.NotEqual(job.Attempts[0].Route, job.Attempts[1].Route);
        Assert.Equal([1, 2], rows.Select(row => row.Attempt).Order());
        Assert.Equal(job.BilledUsd, rows.Sum(row => row.CostUsd));
    }

    [Fact]
    public async Task A_job_past_its_routes_timeout_is_cancelled_at_the_vendor_and_ends_TimedOut()
    {
        var team = HostStack.NewTeam("slow");
        var marker = $"[hang-{team}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Hang } });

        var started = await Stack.StartJobAsync(Requests.Json(team, new { prompt = $"{marker} sunrise", durationSeconds = 5, resolution = "540p", route = MainStack.TimeoutRoute }));
        var job = (await Stack.FinishedAsync(started.Id)).Job;

        Assert.Equal(JobStatus.TimedOut, job.Status);
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal(AttemptState.TimedOut, attempt.State);
        var emulated = Assert.Single(Stack.Emulator.State.Jobs, candidate => candidate.SubmissionKey == attempt.SubmissionKey);
        Assert.True(emulated.CancelRequests > 0 || emulated.Deleted, "the vendor job was not cancelled");
        Assert.Equal(0m, (await Stack.BudgetAsync(team)).Environments["sandbox"].ReservedUsd);
    }

    [Fact]
    public async Task Cancelling_a_running_job_cancels_it_at_the_vendor_and_releases_its_reservation()
    {
        var team = HostStack.NewTeam("cancel");
        var marker = $"[hang-{team}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Hang } });
        var started = await Stack.StartJobAsync(Requests.Simple(team, $"{marker} a clock that never strikes"));
        await Eventually.ValueAsync(() => Stack.GetJobAsync(started.Id), details => details?.Job.Attempts is [{ VendorJobId: not null }], "the job is at the vendor");
        using var http = Stack.Http();

        using var cancel = await http.PostAsync($"api/jobs/{Uri.EscapeDataString(started.Id)}/cancel?reason=changed%20my%20mind", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = (await Stack.FinishedAsync(started.Id)).Job;
        using var again = await http.PostAsync($"api/jobs/{Uri.EscapeDataString(started.Id)}/cancel", null);

        Assert.Equal(JobStatus.Canceled, job.Status);
        var emulated = Assert.Single(Stack.Emulator.State.Jobs, candidate => candidate.SubmissionKey == job.Attempts[0].SubmissionKey);
        Assert.True(emulated.CancelRequests > 0, "the vendor job was not cancelled");
        await again.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
        Assert.Equal(0m, (await Stack.BudgetAsync(team)).Environments["sandbox"].ReservedUsd);
    }
}
