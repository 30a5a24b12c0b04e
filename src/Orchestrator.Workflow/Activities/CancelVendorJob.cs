using Orchestrator.Vendors;

namespace Orchestrator.Workflow.Activities;

/// <summary>Asks the vendor to stop a job (a timed-out or cancelled attempt); some vendors cannot, which the result says.</summary>
public sealed class CancelVendorJob(VendorClients vendors) : TaskActivity<VendorJobRef, VendorCancelResult>
{
    public override Task<VendorCancelResult> RunAsync(TaskActivityContext context, VendorJobRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return vendors.For(input.Contract).CancelAsync(input, CancellationToken.None);
    }
}
