using Orchestrator.Workflow;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// The hold sweep's timer function, read as text: it runs on a valid schedule, gets the durable client from the binding,
/// frees orphaned entity locks, and runs the workflow's own sweep; the release it starts is a function of the same name.
/// </summary>
public sealed class HoldSweepFunctionTests
{
    private static FunctionDeclaration Sweep => Assert.Single(FunctionSources.WithTrigger("TimerTrigger"), function => function.Name == "SweepJobHolds");

    [Fact]
    public void The_sweep_runs_on_a_six_field_schedule_of_at_most_an_hour_with_the_durable_client()
    {
        var cron = FunctionSources.TimerSchedule(Sweep);

        Assert.Equal(6, cron.Length);
        Assert.Equal("0", cron[0]);
        Assert.Matches(@"^(\*|\*/([1-9]|[1-5][0-9]))$", cron[1]);
        Assert.Equal(["*", "*", "*", "*"], cron[2..]);
        Assert.Contains("[DurableClient] DurableTaskClient client", Sweep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sweep_frees_orphaned_locks_then_runs_the_workflows_sweep_with_the_bound_client()
    {
        var text = Sweep.Text;
        var clean = text.IndexOf("CleanEntityStorageAsync(", StringComparison.Ordinal);
        var sweep = text.IndexOf(".SweepAsync(", StringComparison.Ordinal);

        Assert.True(clean >= 0 && sweep > clean, "the sweep should release orphaned locks before it looks for holds");
        Assert.Contains("ReleaseOrphanedLocks = true", text, StringComparison.Ordinal);
        Assert.Contains("RemoveEmptyEntities = false", text, StringComparison.Ordinal);
        Assert.Contains("ActivatorUtilities.CreateInstance<JobHolds>(function.InstanceServices, client)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_release_the_sweep_starts_is_an_orchestrator_function_of_the_workflows_class()
    {
        var release = Assert.Single(FunctionSources.WithTrigger("OrchestrationTrigger"), function => function.Name == WorkflowNames.ReleaseJobHolds);

        Assert.Contains("new ReleaseJobHolds().RunAsync(context, context.GetInput<HoldReleaseInput>()!)", release.Text, StringComparison.Ordinal);
    }
}
