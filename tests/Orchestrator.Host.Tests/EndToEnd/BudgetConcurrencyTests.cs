using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Orchestrator.Host.Budgets;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// 100 identical jobs sent at once over HTTP against a sandbox quota that holds 40 of them: never more than the quota is
/// reserved or spent (sampled through the budget API while they run, and in the end through the cost rows), 40 succeed
/// and the other 60 end BudgetExceeded without reaching a vendor.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class BudgetConcurrencyTests(MainStack main)
{
    private const int Jobs = 100;
    private const int Fits = 40;

    private HostStack Stack => main.Stack;

    [Fact]
    public async Task A_hundred_concurrent_jobs_never_take_more_than_the_ceiling()
    {
        var team = HostStack.NewTeam("crowd");
        using var http = Stack.Http();
        var quote = await (await http.PostJsonAsync("api/quotes", Requests.Simple(team, "a crowd of identical clips"))).JsonAsync(HttpStatusCode.OK);
        var worstCase = quote.GetProperty("choice").GetProperty("worstCaseUsd").GetDecimal();
        var ceiling = Fits * worstCase;
        await Stack.SetSandboxCeilingAsync(team, ceiling);
        using var sampling = new CancellationTokenSource();
        var samples = new ConcurrentBag<decimal>();
        var sampler = SampleAsync(team, samples, sampling.Token);

        var starts = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(i =>
            Stack.StartJobAsync(Requests.Simple(team, $"identical clip {i} ({team})", idempotencyKey: $"crowd-{i}"))));
        var jobs = await Eventually.ValueAsync(() => Stack.JobsAsync(team), found => found.Count == Jobs && found.All(job => job.Status != JobStatus.Running),
            $"all {Jobs} jobs have ended", TimeSpan.FromMinutes(4));
        await sampling.CancelAsync();
        await sampler;
        var budget = (await Stack.BudgetAsync(team)).Environments["sandbox"];
        var rows = await Stack.CostRowsAsync(team);

        Assert.Equal(Jobs, starts.Select(start => start.Id).Distinct().Count());
        Assert.NotEmpty(samples);
        Assert.All(samples, held => Assert.True(held <= ceiling, $"{held} USD reserved + spent over a ceiling of {ceiling}"));
        Assert.Equal(Fits, jobs.Count(job => job.Status == JobStatus.Succeeded));
        Assert.Equal(Jobs - Fits, jobs.Count(job => job.Status == JobStatus.BudgetExceeded));
        Assert.All(jobs.Where(job => job.Status == JobStatus.BudgetExceeded), job => Assert.Empty(job.Attempts));
        Assert.Equal(Fits, Stack.Emulator.State.Jobs.Count(job => job.Prompt.Contains(team, StringComparison.Ordinal)));
        Assert.Equal(0m, budget.ReservedUsd);
        Assert.True(budget.SpentUsd <= ceiling && budget.HighWaterUsd <= ceiling, $"spent {budget.SpentUsd}, high water {budget.HighWaterUsd}, ceiling {ceiling}");
        Assert.Equal(Fits, rows.Count);
        Assert.Equal(budget.SpentUsd, rows.Sum(row => row.CostUsd));
    }

    private async Task SampleAsync(string team, ConcurrentBag<decimal> samples, CancellationToken stop)
    {
        using var http = Stack.Http();
        while (!stop.IsCancellationRequested)
        {
            var view = await http.GetFromJsonAsync<TeamBudgetView>($"api/teams/{team}/budget", HostJson.Options, CancellationToken.None);
            var sandbox = view!.Environments["sandbox"];
            samples.Add(sandbox.ReservedUsd + sandbox.SpentUsd);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
