namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>
/// An orchestration or entity this process holds the lease for. At most one step runs per slot; a notification that
/// arrives while a step runs makes the slot run again afterwards, so no message waits for a poll.
/// </summary>
internal sealed class InstanceSlot(string id)
{
    private readonly Lock _gate = new();
    private SlotState _state;

    public string Id { get; } = id;

    public bool IsEntity => Id.StartsWith('@');

    /// <summary>The cached orchestration session (null: rebuild from the store on the next step).</summary>
    public OrchestrationSession? Session { get; set; }

    public long LastUsed { get; set; }

    /// <summary>The lease was given up; the slot is dropped once idle.</summary>
    public bool Released { get; private set; }

    /// <summary>Dropped from the slot table: a notification must go to a new slot (never two slots per instance).</summary>
    public bool Retired { get; private set; }

    /// <summary>Marks the slot as having work; true when the caller must queue it. False for a retired slot.</summary>
    public bool Notify()
    {
        lock (_gate)
        {
            if (Retired)
            {
                return false;
            }
            Released = false;
            switch (_state)
            {
                case SlotState.Idle:
                    _state = SlotState.Queued;
                    return true;
                case SlotState.Running:
                    _state = SlotState.RunningAgain;
                    return false;
                default:
                    return false;
            }
        }
    }

    public void BeginRun()
    {
        lock (_gate)
        {
            _state = SlotState.Running;
        }
    }

    /// <summary>Ends a step; true when the slot must be queued again (it was notified meanwhile).</summary>
    public bool EndRun(out bool retired)
    {
        lock (_gate)
        {
            bool again = _state == SlotState.RunningAgain;
            _state = again ? SlotState.Queued : SlotState.Idle;
            Retired = retired = !again && Released;
            return again;
        }
    }

    /// <summary>
    /// Records that the lease was released (or lost); true when the slot was idle and is now retired. The cached
    /// session goes too: another worker may change the instance before this process leases it again.
    /// </summary>
    public bool MarkReleased()
    {
        lock (_gate)
        {
            Released = true;
            Session = null;
            Retired = _state == SlotState.Idle;
            return Retired;
        }
    }

    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _state == SlotState.Idle;
            }
        }
    }

    private enum SlotState
    {
        Idle,
        Queued,
        Running,
        RunningAgain,
    }
}
