namespace Orchestrator.Host.Tests.Support;

/// <summary>"Eventually" checks with generous patience: a loaded 2-core machine is slow, never wrong.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? patience = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (patience ?? Patience);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}; last value: {value}");
            }
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null) =>
        ValueAsync(condition, done => done, what, patience);
}
