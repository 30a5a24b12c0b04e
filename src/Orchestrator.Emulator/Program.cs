using System.Globalization;
using System.Runtime.InteropServices;
using Orchestrator.Emulator;

// Standalone vendor emulator: dotnet run --project src/Orchestrator.Emulator [-- --port 5080]
var at = Array.IndexOf(args, "--port");
var port = 0;
if (at >= 0 && (at + 1 == args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
{
    Console.Error.WriteLine($"emulator: --port takes a port number from 0 to 65535 (0: any free port), not '{(at + 1 < args.Length ? args[at + 1] : string.Empty)}'.");
    return 2;
}
EmulatorServer server;
try
{
    server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = port, LogRequests = true });
}
catch (IOException exception)
{
    Console.Error.WriteLine($"emulator: cannot listen on port {port}: {exception.Message}");
    return 1;
}
await using var running = server;
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
return 0;
