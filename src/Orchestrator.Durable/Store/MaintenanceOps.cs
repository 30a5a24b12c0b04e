using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>
/// Finds work this process should take: due timers and messages of instances that are free (never leased, or whose
/// owner died and whose lease expired), new or long-waiting messages of instances it owns, and free activities.
/// </summary>
internal sealed class PollOp(WriterSettings settings, int activityBacklog, long since) : WriteOp<bool>
{
    /// <summary>Messages of owned instances older than this are re-announced (a safety net; local work is announced at once).</summary>
    private const long StaleAfterMs = 10_000;

    private const int MaxClaims = 2000;

    public long NextTimerDue { get; private set; } = long.MaxValue;

    /// <summary>True when the poll found as much due work as it takes at once: poll again right away.</summary>
    public bool Saturated { get; private set; }

    protected override bool Run(WriteContext context)
    {
        var due = new List<(string Id, bool Mine)>();
        using (var reader = context.Db.Query(
            """
            SELECT m.target_id, i.lease_owner = $p1 FROM messages m JOIN instances i ON i.instance_id = m.target_id
            WHERE m.visible_at <= $p0 AND (i.lease_expires <= $p0 OR (i.lease_owner = $p1 AND (m.visible_at > $p2 OR m.visible_at <= $p3)))
            GROUP BY m.target_id LIMIT $p4
            """,
            context.Now, context.WorkerId, since, context.Now - StaleAfterMs, MaxClaims))
        {
            while (reader.Read())
            {
                due.Add((reader.GetString(0), !reader.IsDBNull(1) && reader.GetBoolean(1)));
            }
        }
        Saturated = due.Count == MaxClaims;
        foreach ((string id, bool mine) in due)
        {
            if (mine)
            {
                context.Effects.Ready.Add(id);
            }
            else
            {
                context.TryClaim(id);
            }
        }
        NextTimerDue = context.Db.Scalar("SELECT MIN(visible_at) FROM messages WHERE visible_at > $p0 AND visible_at < $p1", context.Now, StoreSchema.Parked) as long? ?? long.MaxValue;
        LeaseActivities(context);
        return true;
    }

    private void LeaseActivities(WriteContext context)
    {
        int room = settings.MaxLocalActivityBacklog - activityBacklog;
        if (room <= 0)
        {
            return;
        }
        var leased = new List<ActivityWorkItem>();
        using (var reader = context.Db.Query(
            """
            UPDATE activities SET lease_owner = $p0, lease_expires = $p1, dequeue_count = dequeue_count + 1
            WHERE id IN (SELECT id FROM activities WHERE lease_expires <= $p2 ORDER BY id LIMIT $p3)
            RETURNING id, instance_id, execution_id, task_id, name, input, dequeue_count
            """,
            context.WorkerId, context.LeaseExpiry, context.Now, room))
        {
            while (reader.Read())
            {
                leased.Add(new ActivityWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6)));
            }
        }
        foreach (ActivityWorkItem item in leased)
        {
            if (item.DequeueCount > settings.MaxActivityDeliveries)
            {
                FailPoisonActivity(context, item);
            }
            else
            {
                context.Effects.Activities.Add(item);
            }
        }
    }

    /// <summary>An activity whose process died every time it ran is failed instead of retried forever.</summary>
    private static void FailPoisonActivity(WriteContext context, ActivityWorkItem item)
    {
        context.Db.Execute("DELETE FROM activities WHERE id = $p0", item.Id);
        var failure = new TaskFailureDetails("Orchestrator.Durable.PoisonActivity",
            $"Activity '{item.Name}' was delivered {item.DequeueCount - 1} times without completing (its worker stopped each time); it is failed to stop the loop.", null, null);
        context.SendToOrchestration(item.InstanceId, item.ExecutionId,
            new TaskFailedEvent(item.TaskId, failure) { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(context.Now).UtcDateTime });
    }
}

/// <summary>Extends every lease this process holds (instances and activities).</summary>
internal sealed class RenewLeasesOp : WriteOp<bool>
{
    protected override bool Run(WriteContext context)
    {
        context.Db.Execute("UPDATE instances SET lease_expires = $p0 WHERE lease_owner = $p1", context.LeaseExpiry, context.WorkerId);
        context.Db.Execute("UPDATE activities SET lease_expires = $p0 WHERE lease_owner = $p1", context.LeaseExpiry, context.WorkerId);
        return true;
    }
}

/// <summary>On a graceful stop, hands every lease back so another worker (or the next start) takes over at once.</summary>
internal sealed class ReleaseAllLeasesOp : WriteOp<bool>
{
    protected override bool Run(WriteContext context)
    {
        context.Db.Execute("UPDATE instances SET lease_owner = NULL, lease_expires = 0 WHERE lease_owner = $p0", context.WorkerId);
        context.Db.Execute("UPDATE activities SET lease_owner = NULL, lease_expires = 0 WHERE lease_owner = $p0", context.WorkerId);
        return true;
    }
}
