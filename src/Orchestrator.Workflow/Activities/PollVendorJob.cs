using Orchestrator.Vendors;

namespace Orchestrator.Workflow.Activities;

/// <summary>Reads a vendor job's status (the vendor pipeline retries transient faults; what still fails is thrown).</summary>
public sealed class PollVendorJob(VendorClients vendors) : TaskActivity<VendorJobRef, VendorJobStatus>
{
    public override Task<VendorJobStatus> RunAsync(TaskActivityContext context, VendorJobRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return vendors.For(input.Contract).GetStatusAsync(input, CancellationToken.None);
    }
}
