namespace Orchestrator.Storage.Tests.Support;

/// <summary>Polls a condition that the service makes true with time (a visibility delay, a TTL), with a generous limit for a loaded machine.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? limit = null)
    {
        var deadline = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not done after {limit ?? TimeSpan.FromSeconds(60)}; last value: {value}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
