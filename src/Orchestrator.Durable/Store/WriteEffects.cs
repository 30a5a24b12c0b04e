namespace Orchestrator.Durable.Store;

/// <summary>What a committed write means for this process: work it now owns, leases it gave up, timers to watch.</summary>
internal sealed class WriteEffects
{
    public List<string> Ready { get; } = [];

    public List<string> Released { get; } = [];

    public List<ActivityWorkItem> Activities { get; } = [];

    public List<string> Finished { get; } = [];

    public long NextTimerDue { get; set; } = long.MaxValue;

    public bool FreeActivitiesAdded { get; set; }
}

/// <summary>An activity execution this process holds the lease for.</summary>
internal sealed record ActivityWorkItem(long Id, string InstanceId, string ExecutionId, int TaskId, string Name, string? Input, int DequeueCount);

/// <summary>Where the writer reports the effects of committed writes (implemented by the dispatchers).</summary>
internal interface IWorkSink
{
    /// <summary>This process owns the instance and it has visible messages.</summary>
    void OnReady(string instanceId);

    void OnReleased(string instanceId);

    /// <summary>The instance reached a terminal state.</summary>
    void OnFinished(string instanceId);

    void OnActivity(ActivityWorkItem item);

    /// <summary>Activities waiting locally; the writer leases new ones for this process only below a limit.</summary>
    int ActivityBacklog { get; }

    /// <summary>True if this process holds the instance's lease (as far as it knows; a commit re-checks).</summary>
    bool IsOwned(string instanceId);
}
