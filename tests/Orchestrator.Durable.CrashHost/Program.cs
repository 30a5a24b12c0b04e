// Crash-test child: runs the durable engine on the given database until it is killed (kill -9) or its parent exits.
// Usage: Orchestrator.Durable.CrashHost <engine.db> <effects.db> <parent-pid>
using System.Diagnostics;
using Orchestrator.Durable;
using Orchestrator.Durable.CrashHost;
using Orchestrator.Durable.Hosting;

if (args.Length != 3 || !int.TryParse(args[2], out int parentPid))
{
    Console.Error.WriteLine("usage: Orchestrator.Durable.CrashHost <engine.db> <effects.db> <parent-pid>");
    return 2;
}
var ledger = new EffectLedger(args[1]);
var registry = new DurableTaskRegistry();
CrashWorkload.Register(registry, ledger);
await using var engine = new DurableEngine(new DurableEngineOptions
{
    DatabasePath = args[0],
    LeaseDuration = TimeSpan.FromSeconds(1),
    PollingInterval = TimeSpan.FromMilliseconds(50),
    OrchestrationConcurrency = 16,
    ActivityConcurrency = 16,
}, registry);
await engine.StartAsync();
Console.WriteLine("ready");
// Never outlive the test that started us.
while (IsAlive(parentPid))
{
    await Task.Delay(500);
}
return 0;

static bool IsAlive(int pid)
{
    try
    {
        using var parent = Process.GetProcessById(pid);
        return !parent.HasExited;
    }
    catch (ArgumentException)
    {
        return false;
    }
}
