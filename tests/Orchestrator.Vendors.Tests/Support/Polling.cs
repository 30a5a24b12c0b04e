namespace Orchestrator.Vendors.Tests.Support;

/// <summary>Polls a vendor job to its end, keeping every status seen. Generous limits: the machine may be loaded.</summary>
internal static class Polling
{
    public static async Task<IReadOnlyList<VendorJobStatus>> UntilTerminalAsync(IVideoVendorClient client, VendorJobRef job, TimeSpan? limit = null)
    {
        var seen = new List<VendorJobStatus>();
        var deadline = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await client.GetStatusAsync(job);
            seen.Add(status);
            if (status.IsTerminal)
            {
                return seen;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{job.Vendor} job {job.VendorJobId} still {status.RawStatus} after {limit ?? TimeSpan.FromSeconds(60)}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(40));
        }
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? limit = null)
    {
        var deadline = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met after {limit ?? TimeSpan.FromSeconds(30)}; last value: {value}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
