using Orchestrator.Durable.Client;

namespace Orchestrator.Durable.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_sequence_of_activities_completes_with_their_chained_output()
    {
        await using TestEngine engine = await TestEngine.StartAsync(r => r
            .AddActivityFunc<string, string>("Hello", (_, name) => $"Hello {name}!")
            .AddOrchestratorFunc<string, string>("Sequence", async (ctx, input) =>
            {
                string a = await ctx.CallActivityAsync<string>("Hello", input);
                string b = await ctx.CallActivityAsync<string>("Hello", a);
                return await ctx.CallActivityAsync<string>("Hello", b);
            }));

        OrchestrationMetadata result = await engine.RunAsync("Sequence", "Tokyo");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Hello Hello Tokyo!!!", result.ReadOutputAs<string>());
    }
}
