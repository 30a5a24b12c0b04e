using Orchestrator.Durable.Client;
using Orchestrator.Durable.Engine;

namespace Orchestrator.Durable.Tests;

public sealed class DeterministicGuidTests
{
    [Fact]
    public void Guids_are_rfc4122_version5_of_the_durable_task_namespace()
    {
        // Expected values computed independently with Python's uuid.uuid5.
        Assert.Equal(Guid.Parse("7b35ffa8-d4ca-5db1-9069-26b872ec67d7"),
            DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "order-42_2024-05-01T12:00:00.0000000Z_0"));
        Assert.Equal(Guid.Parse("e9c8d1ae-0734-57d1-9370-d532427fe0ff"),
            DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "order-42_2024-05-01T12:00:00.0000000Z_1"));
    }

    [Fact]
    public async Task NewGuid_is_derived_from_instance_id_orchestration_time_and_a_counter_and_survives_replay()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Echo", (_, x) => x)
            .AddOrchestratorFunc<string, string[]>("Ids", async (ctx, _) =>
            {
                Guid first = ctx.NewGuid();
                string time = ctx.CurrentUtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
                string echoed = await ctx.CallActivityAsync<string>("Echo", first.ToString());
                return [echoed, first.ToString(), time];
            }), o => o with { MaxCachedOrchestrations = 0 });

        string[] output = (await engine.RunAsync("Ids", null, "guid-instance")).ReadOutputAs<string[]>()!;

        Assert.Equal(output[0], output[1]);
        Assert.Equal(DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"guid-instance_{output[2]}_0").ToString(), output[1]);
    }
}
