namespace Orchestrator.Workflow.Holds;

/// <summary>
/// The sweep that releases the holds of jobs that ended without settling them (Orchestrator:Workflow:HoldSweep). The
/// local host runs it every <see cref="Interval"/>; the Azure Functions app on its timer's schedule.
/// </summary>
public sealed record HoldSweepOptions
{
    /// <summary>Whether the local host runs the sweep (terminate through the API still releases at once).</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a reservation whose job instance cannot be found (purged, or never visible) is left alone before its
    /// holds are released: it is booked from what the intent log and the reservation still tell.
    /// </summary>
    public TimeSpan UnknownJobGrace { get; init; } = TimeSpan.FromMinutes(15);

    internal void Validate(string section)
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{section}:HoldSweep:Interval must be at least one second (it is {Interval}).");
        }
        if (UnknownJobGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"{section}:HoldSweep:UnknownJobGrace must not be negative (it is {UnknownJobGrace}).");
        }
    }
}
