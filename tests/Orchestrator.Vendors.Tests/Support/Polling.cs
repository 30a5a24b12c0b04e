using Orchestrator.Testing;

namespace Orchestrator.Vendors.Tests.Support;

/// <summary>Polls a vendor job to its end, keeping every status seen.</summary>
internal static class Polling
{
    public static async Task<IReadOnlyList<VendorJobStatus>> UntilTerminalAsync(IVideoVendorClient client, VendorJobRef job)
    {
        var seen = new List<VendorJobStatus>();
        await Eventually.ValueAsync(async () =>
        {
            var status = await client.GetStatusAsync(job);
            seen.Add(status);
            return status;
        }, status => status.IsTerminal, $"{job.Vendor} job {job.VendorJobId} ends");
        return seen;
    }
}
