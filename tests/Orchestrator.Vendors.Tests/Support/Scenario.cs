using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Vendors.Resilience;

namespace Orchestrator.Vendors.Tests.Support;

/// <summary>One scripted job: a unique marker, the emulator script for it, adapters, and the submission on a route.</summary>
internal sealed class Scenario : IDisposable
{
    private readonly EmulatorFixture emulator;

    private Scenario(EmulatorFixture emulator, string marker, VendorClients clients, SubmitRequest request)
    {
        this.emulator = emulator;
        Marker = marker;
        Clients = clients;
        Request = request;
    }

    public string Marker { get; }

    public VendorClients Clients { get; }

    public SubmitRequest Request { get; }

    public IVideoVendorClient Client => Clients.For(Request.Route);

    public static async Task<Scenario> StartAsync(EmulatorFixture emulator, string routeId, JobBehavior behavior, Uri? webhook = null, VendorResilienceOptions? resilience = null)
    {
        var marker = Jobs.Marker(routeId.Replace('/', '-'));
        await emulator.ScriptAsync(new ScriptRule { PromptContains = marker, Behavior = behavior });
        return new Scenario(emulator, marker, emulator.Clients(resilience), Jobs.For(routeId, marker, webhook));
    }

    public Task<SubmitResult> SubmitAsync() => Client.SubmitAsync(Request);

    /// <summary>Submits and expects the vendor to accept.</summary>
    public async Task<VendorJobRef> SubmittedAsync()
    {
        var result = await SubmitAsync();
        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        return result.Job!;
    }

    public Task<IReadOnlyList<JobView>> JobsAsync() => emulator.JobsAsync(Marker);

    public void Dispose() => Clients.Dispose();
}
