namespace Orchestrator.Testing;

/// <summary>
/// A clock tests move by hand (Microsoft.Extensions.TimeProvider.Testing is not available here). Only "now" is faked:
/// timers still run on real time, which keeps it tiny; use it where code reads the time, not where it waits.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    public void Set(DateTimeOffset to) => Interlocked.Exchange(ref ticks, to.UtcTicks);
}
