namespace Orchestrator.Durable.Hosting;

/// <summary>Settings of an embedded durable engine. Defaults suit a local host; tests shorten leases and polls.</summary>
public sealed record DurableEngineOptions
{
    /// <summary>The SQLite database file (created if missing).</summary>
    public string DatabasePath { get; init; } = "orchestrator-durable.db";

    /// <summary>Orchestration and entity steps that may run at once (their commits are grouped).</summary>
    public int OrchestrationConcurrency { get; init; } = 256;

    /// <summary>Activities that may run at once in this process.</summary>
    public int ActivityConcurrency { get; init; } = 256;

    /// <summary>How long a crashed process's leases block others before its work is redelivered.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the store is polled for work from other processes and expired leases.</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longer durable timers are chained in chunks of this length (as Durable Functions does).</summary>
    public TimeSpan MaximumTimerInterval { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Orchestrations kept in memory between steps; 0 replays from the store at every step.</summary>
    public int MaxCachedOrchestrations { get; init; } = 2000;

    /// <summary>Activities leased to this process but not yet running; beyond it they wait in the store for any worker.</summary>
    public int MaxLocalActivityBacklog { get; init; } = 1000;

    /// <summary>An activity delivered this many times without completing (its worker died each time) is failed.</summary>
    public int MaxActivityDeliveries { get; init; } = 10;

    /// <summary>Messages an orchestration or entity step takes at once.</summary>
    public int MaxMessagesPerStep { get; init; } = 200;

    /// <summary>fsync every commit (survives power loss too); off by default: WAL with synchronous=NORMAL survives process crashes.</summary>
    public bool SynchronousFull { get; init; }

    /// <summary>False for a client-only process (a CLI): it writes to the store but runs no work.</summary>
    public bool RunWorkers { get; init; } = true;

    /// <summary>This process's lease owner id; unique per process by default.</summary>
    public string? WorkerId { get; init; }

    /// <summary>How inputs, outputs, events, custom status and entity state are serialized.</summary>
    public DataConverter DataConverter { get; init; } = JsonDataConverter.Default;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(OrchestrationConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ActivityConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseDuration, TimeSpan.FromMilliseconds(300));
        ArgumentOutOfRangeException.ThrowIfLessThan(PollingInterval, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumTimerInterval, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCachedOrchestrations);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLocalActivityBacklog, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxActivityDeliveries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessagesPerStep, 1);
        ArgumentNullException.ThrowIfNull(DataConverter);
    }
}
