using Orchestrator.Durable.Client;

namespace Orchestrator.Durable.Tests;

public sealed class SubOrchestrationTests
{
    private static void Tasks(DurableTaskRegistry r) => r
        .AddActivityFunc<int, int>("Square", (_, x) => x < 0 ? throw new ArgumentOutOfRangeException(nameof(x), "negative") : x * x)
        .AddOrchestratorFunc<int, int>("Child", (ctx, x) => ctx.CallActivityAsync<int>("Square", x))
        .AddOrchestratorFunc<int[], int>("Parent", async (ctx, xs) =>
        {
            int[] squares = await Task.WhenAll(xs.Select((x, i) =>
                ctx.CallSubOrchestratorAsync<int>("Child", x, new SubOrchestrationOptions(instanceId: $"{ctx.InstanceId}-child-{i}"))));
            return squares.Sum();
        })
        .AddOrchestratorFunc<int, string>("Guarded", async (ctx, x) =>
        {
            try
            {
                return (await ctx.CallSubOrchestratorAsync<int>("Child", x)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.TaskName}: {ex.FailureDetails.ErrorMessage}";
            }
        });

    [Fact]
    public async Task Sub_orchestrations_run_in_parallel_with_their_own_ids_and_report_their_outputs()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        OrchestrationMetadata result = await engine.RunAsync("Parent", new[] { 1, 2, 3 }, "batch");

        Assert.Equal(14, result.ReadOutputAs<int>());
        OrchestrationMetadata? child = await engine.Client.GetInstanceAsync("batch-child-2", getInputsAndOutputs: true);
        Assert.Equal(9, child!.ReadOutputAs<int>());
    }

    [Fact]
    public async Task A_failed_sub_orchestration_surfaces_as_a_task_failure_in_the_parent()
    {
        await using TestEngine engine = await TestEngine.StartAsync(Tasks);

        OrchestrationMetadata result = await engine.RunAsync("Guarded", -4);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.StartsWith("Child: Task 'Square'", result.ReadOutputAs<string>(), StringComparison.Ordinal);
    }
}
