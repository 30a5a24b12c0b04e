// The benchmark program: measurements that print their figures (never timed unit tests).
// Usage: dotnet run -c Release --project tests/Orchestrator.Benchmarks -- <suite>
// Each suite lives in its own file and is listed here.
var suites = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase);
suites["provenance"] = ProvenanceBenchmark.RunAsync;
suites["durable"] = Orchestrator.Benchmarks.Durable.DurableBenchmark.RunAsync;

if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Orchestrator.Benchmarks <{string.Join("|", suites.Keys)}> [options]");
    return 2;
}
return await run(args[1..]);
