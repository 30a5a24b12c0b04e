using Orchestrator.Host;

await using var app = OrchestratorHost.Build(args);
await app.RunAsync();
