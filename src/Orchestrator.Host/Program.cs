using Orchestrator.Host;
using Orchestrator.Host.Demo;

// `Orchestrator.Host` runs the host from configuration; `Orchestrator.Host demo` runs the whole local stack with a sample batch.
if (args is ["demo", .. var demoArgs])
{
    return await DemoCommand.RunAsync(demoArgs);
}
await using var app = OrchestratorHost.Build(args);
await app.RunAsync();
return 0;
