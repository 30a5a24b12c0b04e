using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Engine.Dispatch;

/// <summary>
/// Runs one step of an orchestration: reads its due messages, decides what each means (start, terminate, suspend,
/// resume, an event for the orchestrator, or a message to defer or drop), runs the executor, and commits the result
/// in one transaction. The in-memory session is kept only after a successful commit.
/// </summary>
internal sealed class OrchestrationStepRunner(EngineServices services)
{
    /// <summary>Runs one step; true when more messages than one step takes are waiting.</summary>
    public async Task<bool> RunAsync(InstanceSlot slot)
    {
        long now = services.NowMs;
        List<StoredMessage> messages = services.Reader.GetMessages(slot.Id, now, includeParked: false, services.Options.MaxMessagesPerStep);
        if (messages.Count == 0)
        {
            return false;
        }
        OrchestrationSession? session = slot.Session;
        if (session is null || HasNewerStart(session, messages))
        {
            session = Load(slot.Id);
        }
        slot.Session = null;
        if (session is null)
        {
            return false;
        }
        OrchestrationCommit commit = Plan(session, messages, DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime);
        string? newExecution = await services.Writer.Submit(new OrchestrationCommitOp(commit));
        AfterCommit(session, commit, newExecution);
        if (!session.IsFinished && services.Options.MaxCachedOrchestrations > 0)
        {
            slot.Session = session;
        }
        return messages.Count == services.Options.MaxMessagesPerStep;
    }

    private static bool HasNewerStart(OrchestrationSession session, List<StoredMessage> messages) =>
        messages.Any(m => m.Event is ExecutionStartedEvent start && start.ExecutionId != session.ExecutionId);

    private OrchestrationSession? Load(string instanceId)
    {
        InstanceRow? row = services.Reader.GetInstance(instanceId);
        if (row is null)
        {
            return null;
        }
        bool replayable = !WriteContext.IsTerminal(row.Status) && row.Status is not (OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew);
        List<HistoryEvent> history = replayable ? services.Reader.GetHistory(instanceId) : [];
        ExecutionStartedEvent? started = history.OfType<ExecutionStartedEvent>().FirstOrDefault();
        var session = new OrchestrationSession
        {
            InstanceId = instanceId,
            Name = row.Name,
            ExecutionId = row.ExecutionId,
            Status = row.Status,
            Parent = started?.Parent,
            HistoryCount = history.Count,
        };
        if (started is not null)
        {
            session.Executor = services.NewExecutor(session);
            session.Executor.Replay(history);
        }
        return session;
    }

    private OrchestrationCommit Plan(OrchestrationSession session, List<StoredMessage> messages, DateTime now)
    {
        var commit = new OrchestrationCommit
        {
            InstanceId = session.InstanceId,
            Name = session.Name,
            ExecutionId = session.ExecutionId,
            Parent = session.Parent,
            FirstSequence = session.HistoryCount,
        };
        var inputs = new List<HistoryEvent>();
        ExecutionTerminatedEvent? terminated = null;
        foreach (StoredMessage message in messages)
        {
            if (message.Event is not { } e || terminated is not null || session.IsFinished
                || (message.ExecutionId is not null && message.ExecutionId != session.ExecutionId))
            {
                commit.Consumed.Add(message.Id);
                continue;
            }
            switch (e)
            {
                case ExecutionStartedEvent start:
                    if (session.Executor is null)
                    {
                        session.Parent = start.Parent;
                        session.Status = OrchestrationRuntimeStatus.Running;
                        session.Executor = services.NewExecutor(session);
                        inputs.Add(start);
                        commit.Unpark = true;
                    }
                    commit.Consumed.Add(message.Id);
                    break;
                case ExecutionTerminatedEvent terminate:
                    terminated = terminate;
                    commit.Consumed.Add(message.Id);
                    break;
                case ExecutionSuspendedEvent when session.Status == OrchestrationRuntimeStatus.Running:
                    session.Status = OrchestrationRuntimeStatus.Suspended;
                    inputs.Add(e);
                    commit.Consumed.Add(message.Id);
                    break;
                case ExecutionResumedEvent when session.Status == OrchestrationRuntimeStatus.Suspended:
                    session.Status = OrchestrationRuntimeStatus.Running;
                    inputs.Add(e);
                    commit.Unpark = true;
                    commit.Consumed.Add(message.Id);
                    break;
                case ExecutionSuspendedEvent or ExecutionResumedEvent:
                    commit.Consumed.Add(message.Id);
                    break;
                default:
                    // Before a start, or while suspended, an event waits (parked). After a start or a resume in this
                    // batch it waits too: older parked events become due with it and the next step takes them all in
                    // arrival order, where consuming it now would run it ahead of them.
                    if (session.Executor is null || session.Status == OrchestrationRuntimeStatus.Suspended || commit.Unpark)
                    {
                        commit.Parked.Add(message.Id);
                    }
                    else
                    {
                        inputs.Add(e);
                        commit.Consumed.Add(message.Id);
                    }
                    break;
            }
        }
        commit.Unpark &= session.Status != OrchestrationRuntimeStatus.Suspended && terminated is null;
        if (terminated is not null)
        {
            commit.History = [terminated];
            commit.Status = OrchestrationRuntimeStatus.Terminated;
            commit.Output = terminated.Input;
            commit.KeepCustomStatus = true;
        }
        else if (session.Executor is not null && inputs.Count > 0)
        {
            OrchestrationStep step = session.Executor.Execute(inputs, now);
            OrchestrationOutcome outcome = step.Outcome;
            commit.History = step.NewHistory;
            commit.Actions = step.Actions;
            commit.Status = outcome.Status == OrchestrationRuntimeStatus.Running ? session.Status : outcome.Status;
            commit.Output = outcome.Output;
            commit.Failure = outcome.Failure;
            commit.CustomStatus = outcome.CustomStatus;
            commit.ContinueAsNew = outcome.ContinueAsNew;
        }
        return commit;
    }

    private static void AfterCommit(OrchestrationSession session, OrchestrationCommit commit, string? newExecution)
    {
        if (commit.Status is not { } status)
        {
            return;
        }
        session.Status = status;
        session.HistoryCount += commit.History.Count;
        if (newExecution is not null)
        {
            session.ExecutionId = newExecution;
            session.Executor = null;
            session.HistoryCount = 0;
        }
        if (session.IsFinished)
        {
            session.Executor = null;
        }
    }
}
