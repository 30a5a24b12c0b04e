using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Durable.Client;
using Orchestrator.Durable.Hosting;

namespace Orchestrator.Durable.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task A_generic_host_runs_the_engine_and_resolves_class_based_tasks_with_their_dependencies()
    {
        string folder = TestEngine.NewFolder();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new Greeting("Bonjour"));
        builder.Services.AddDurableEngine(TestEngine.Options(folder), tasks => tasks
            .AddOrchestrator<GreetOrchestrator>()
            .AddActivity<GreetActivity>());
        using IHost host = builder.Build();
        await host.StartAsync();

        DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetOrchestrator), "Ada");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        OrchestrationMetadata result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        await host.StopAsync();

        Assert.Equal("Bonjour Ada", result.ReadOutputAs<string>());
        Assert.Same(client, host.Services.GetRequiredService<DurableEngineClient>());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_engine_is_built()
    {
        string folder = TestEngine.NewFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurableEngine(TestEngine.Options(folder) with { OrchestrationConcurrency = 0 }, new DurableTaskRegistry()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurableEngine(TestEngine.Options(folder) with { LeaseDuration = TimeSpan.Zero }, new DurableTaskRegistry()));
        Assert.Throws<ArgumentException>(() => new DurableTaskRegistry().AddActivity<GreetActivity>().AddActivity<GreetActivity>());
    }

    public sealed record Greeting(string Word);

    public sealed class GreetActivity(Greeting greeting) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"{greeting.Word} {input}");
    }

    public sealed class GreetOrchestrator : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
            context.CallActivityAsync<string>(nameof(GreetActivity), input);
    }
}
