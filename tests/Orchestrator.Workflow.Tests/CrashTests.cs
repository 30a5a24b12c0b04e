using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;
using Orchestrator.Workflow.Tests.Support;

namespace Orchestrator.Workflow.Tests;

/// <summary>A vendor job is submitted at most once per attempt, even when the submit's answer is lost or its process dies.</summary>
public sealed class CrashTests(WorkflowEnvironment environment) : IClassFixture<WorkflowEnvironment>
{
    [Theory]
    [InlineData("kling/kling-v3")]
    [InlineData("luma/ray-3")]
    public async Task A_host_that_dies_during_submit_is_replaced_and_the_vendor_gets_one_job(string routeId)
    {
        var first = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("crash");
        // The first submit is slow, so the crash lands while it is in flight; later calls are quick.
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Times = 1, Behavior = new JobBehavior { LatencyMinMs = 3000, LatencyMaxMs = 3000 } });
        var instanceId = await first.StartAsync(Requests.Pinned(team, routeId, marker));
        var run = await first.RunOfAsync(instanceId);
        var log = first.Services.GetRequiredService<SubmissionLog>();
        await Eventually.TrueAsync(async () => (await log.GetAsync(run, 1, default))?.Submits >= 1, "the first attempt was submitted");

        await first.CrashAsync();
        await using var second = await environment.StartHostAsync(sameStoreAs: first);
        var outcome = await second.OutcomeAsync(instanceId);

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Contains(attempt.Notes, note => note.StartsWith("submit answer uncertain", StringComparison.Ordinal));
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.Equal(attempt.VendorJobId, job.Id);
        Assert.Equal(2, attempt.Submits);
        Assert.Equal(SubmissionState.Accepted, (await second.Services.GetRequiredService<SubmissionLog>().GetAsync(run, 1, default))!.State);
        var row = Assert.Single(await second.CostRowsAsync(team, BookingMonth.Of(attempt.EndedAt!.Value)));
        var budget = await second.Budgets.GetAsync(team);
        Assert.Equal((0m, row.CostUsd, 1), (budget.ReservedUsd, budget.SpentUsd, budget.Settlements));
    }

    [Theory]
    [InlineData("luma/ray-3", "found by the submission key")] // our signed callback URL, echoed in Luma's listing
    [InlineData("openai/sora-2", "matched by model, prompt, seconds and size")] // OpenAI keeps no key of ours: by content
    public async Task A_lost_submit_answer_is_found_at_the_vendor_instead_of_submitting_again(string routeId, string foundBy)
    {
        await using var host = await environment.StartHostAsync();
        var marker = Requests.Marker("lost-answer");
        await environment.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { LoseSubmitAnswer = true } });

        var outcome = await host.RunAsync(Requests.Pinned(Requests.Team(), routeId, marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(1, attempt.Submits);
        Assert.Contains(attempt.Notes, note => note.Contains(foundBy, StringComparison.Ordinal));
        var job = Assert.Single(await environment.JobsAsync(marker));
        Assert.Equal(attempt.VendorJobId, job.Id);
    }

    [Fact]
    public async Task A_lost_answer_no_vendor_lookup_can_settle_is_billed_as_if_it_ran_and_failed_over()
    {
        await using var host = await environment.StartHostAsync();
        var team = Requests.Team();
        var marker = Requests.Marker("unresolved");
        await environment.ScriptAsync(new ScriptRule { Vendor = "fal", PromptContains = marker, Behavior = new JobBehavior { LoseSubmitAnswer = true } });

        var outcome = await host.RunAsync(Requests.Auto(team, marker));

        Assert.True(outcome.Status == JobStatus.Succeeded, outcome.Message);
        Assert.Equal(2, outcome.Attempts.Count);
        var unresolved = outcome.Attempts[0];
        Assert.Equal(("fal", AttemptState.Unresolved, 1), (unresolved.Vendor, unresolved.State, unresolved.Submits));
        var rows = (await host.CostRowsAsync(team, BookingMonth.Of(outcome.Attempts[1].EndedAt!.Value))).OrderBy(row => row.Attempt).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("completed", true), (rows[0].BillingStatus, rows[0].Billed));
        Assert.Contains("billed as if it ran", rows[0].Assumptions, StringComparison.Ordinal);
        Assert.Equal(rows.Sum(row => row.CostUsd), (await host.Budgets.GetAsync(team)).SpentUsd);
        // The fal job exists (its answer was lost) and was never submitted again; the second route made the clip.
        var jobs = await environment.JobsAsync(marker);
        Assert.Single(jobs, job => job.Vendor == "fal");
        Assert.Single(jobs, job => job.Vendor != "fal");
    }
}
