using System.Diagnostics;

namespace Orchestrator.Testing;

/// <summary>
/// "Eventually" checks for every test project: polls until a condition holds, with generous patience (a loaded 2-core
/// machine is slow, never wrong), and names what it waited for, with the last value seen, when it gives up. Never a
/// wall-clock assertion: the patience only bounds how long a failing test takes to say so.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads until <paramref name="done"/> holds for the value read, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? patience = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var limit = patience ?? Patience;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting until {what}; last value: {value}");
            }
            await Task.Delay(Interval);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null) =>
        ValueAsync(condition, done => done, what, patience);
}
