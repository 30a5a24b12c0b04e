namespace Orchestrator.Workflow.Webhooks;

/// <summary>
/// The sweep that deletes webhook delivery rows no replay check needs any more (Orchestrator:Workflow:WebhookDeliverySweep).
/// The local host runs it every <see cref="Interval"/>; the Azure Functions app on its timer's schedule.
/// </summary>
public sealed record WebhookDeliverySweepOptions
{
    /// <summary>Whether the local host runs the sweep (without it the table only grows; the replay check is the same).</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long past its keep-until a row is kept all the same: hosts' clocks differ, and a row is worth nothing to the
    /// replay check only once every host sharing the table agrees it has expired.
    /// </summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The most rows one run deletes (or finds changed under it); the rest wait for the next run.</summary>
    public int MaxRowsPerRun { get; init; } = 10_000;

    internal void Validate(string section)
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{section}:WebhookDeliverySweep:Interval must be at least one second (it is {Interval}).");
        }
        if (Margin < TimeSpan.Zero)
        {
            throw new ArgumentException($"{section}:WebhookDeliverySweep:Margin must not be negative (it is {Margin}).");
        }
        if (MaxRowsPerRun < 1)
        {
            throw new ArgumentException($"{section}:WebhookDeliverySweep:MaxRowsPerRun must be at least 1 (it is {MaxRowsPerRun}).");
        }
    }
}
