using System.Globalization;
using System.Runtime.InteropServices;
using Orchestrator.Emulator;

// Standalone vendor emulator: dotnet run --project src/Orchestrator.Emulator [-- --port 5080]
var port = args.SkipWhile(arg => arg != "--port").Skip(1).Select(value => int.Parse(value, CultureInfo.InvariantCulture)).FirstOrDefault();
await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = port, LogRequests = true });
Console.WriteLine($"Vendor emulator listening on {server.BaseUrl}");
foreach (var (vendor, url) in server.VendorUrls)
{
    Console.WriteLine($"  {vendor,-22} {url}");
}
Console.WriteLine($"  control API            {server.BaseUrl}_emulator/info");
Console.WriteLine("Press Ctrl+C to stop.");
var stopped = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});
await stopped.Task;
