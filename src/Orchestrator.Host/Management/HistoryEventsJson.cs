using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Durable.History;

namespace Orchestrator.Host.Management;

/// <summary>
/// An instance's history as the Durable Functions management API shows it (showHistory=true): one object per event with
/// EventType and Timestamp; completions carry the FunctionName and ScheduledTime of what they complete, so the scheduling
/// and replay bookkeeping events (TaskScheduled, SubOrchestrationInstanceCreated, OrchestratorStarted/Completed) are left
/// out. Results and event payloads appear only with showHistoryOutput=true; the start input only with showInput.
/// </summary>
public static class HistoryEventsJson
{
    public static JsonArray Convert(IReadOnlyList<HistoryEvent> history, bool showHistoryOutput, bool showInput)
    {
        ArgumentNullException.ThrowIfNull(history);
        var scheduled = new Dictionary<int, (string Name, DateTime At)>();
        var array = new JsonArray();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent task:
                    scheduled[task.EventId] = (task.Name, task.Timestamp);
                    continue;
                case SubOrchestrationInstanceCreatedEvent sub:
                    scheduled[sub.EventId] = (sub.Name, sub.Timestamp);
                    continue;
                case OrchestratorStartedEvent or OrchestratorCompletedEvent:
                    continue;
            }
            var item = new JsonObject { ["EventType"] = e.EventType, ["Timestamp"] = Time(e.Timestamp) };
            Describe(e, item, scheduled, showHistoryOutput, showInput);
            array.Add(item);
        }
        return array;
    }

    private static void Describe(HistoryEvent e, JsonObject item, Dictionary<int, (string Name, DateTime At)> scheduled, bool output, bool input)
    {
        void Completes(int id)
        {
            if (scheduled.TryGetValue(id, out var origin))
            {
                item["FunctionName"] = origin.Name;
                item["ScheduledTime"] = Time(origin.At);
            }
        }

        void Value(string name, string? serialized, bool show)
        {
            if (show && serialized is not null)
            {
                item[name] = InstanceStatusPayload.Json(serialized);
            }
        }

        void Succeeded(int scheduledId, string? result)
        {
            Completes(scheduledId);
            Value("Result", result, output);
        }

        void Failed(int scheduledId, Orchestrator.Durable.TaskFailureDetails failure)
        {
            Completes(scheduledId);
            item["Reason"] = failure.ErrorMessage;
            item["Details"] = failure.ErrorType;
        }

        switch (e)
        {
            case ExecutionStartedEvent started:
                item["FunctionName"] = started.Name;
                Value("Input", started.Input, input);
                break;
            case TaskCompletedEvent completed:
                Succeeded(completed.TaskScheduledId, completed.Result);
                break;
            case TaskFailedEvent failed:
                Failed(failed.TaskScheduledId, failed.FailureDetails);
                break;
            case SubOrchestrationInstanceCompletedEvent completed:
                Succeeded(completed.TaskScheduledId, completed.Result);
                break;
            case SubOrchestrationInstanceFailedEvent failed:
                Failed(failed.TaskScheduledId, failed.FailureDetails);
                break;
            case TimerCreatedEvent timer:
                item["FireAt"] = Time(timer.FireAt);
                break;
            case TimerFiredEvent fired:
                item["FireAt"] = Time(fired.FireAt);
                item["TimerId"] = fired.TimerId;
                break;
            case EventRaisedEvent raised:
                item["Name"] = raised.Name;
                Value("Input", raised.Input, output);
                break;
            case EventSentEvent sent:
                item["Name"] = sent.Name;
                item["InstanceId"] = sent.InstanceId;
                Value("Input", sent.Input, output);
                break;
            case ExecutionCompletedEvent completed:
                item["OrchestrationStatus"] = completed.OrchestrationStatus.ToString();
                Value("Result", completed.Result, output);
                if (completed.FailureDetails is { } failure)
                {
                    item["FailureDetails"] = new JsonObject { ["ErrorType"] = failure.ErrorType, ["ErrorMessage"] = failure.ErrorMessage };
                }
                break;
            case ExecutionTerminatedEvent terminated:
                Value("Input", terminated.Input, output);
                break;
            case ExecutionSuspendedEvent suspended:
                item["Reason"] = suspended.Reason;
                break;
            case ExecutionResumedEvent resumed:
                item["Reason"] = resumed.Reason;
                break;
            case ContinueAsNewEvent continued:
                Value("Input", continued.Input, output);
                break;
            case EntityOperationCalledEvent called:
                item["EntityId"] = called.EntityId;
                item["Operation"] = called.Operation;
                Value("Input", called.Input, output);
                break;
            case EntityOperationSignaledEvent signaled:
                item["EntityId"] = signaled.EntityId;
                item["Operation"] = signaled.Operation;
                Value("Input", signaled.Input, output);
                break;
            case EntityOperationCompletedEvent completed:
                Value("Result", completed.Result, output);
                break;
            case EntityOperationFailedEvent failed:
                item["Reason"] = failed.FailureDetails.ErrorMessage;
                break;
            case EntityLockRequestedEvent locked:
                item["EntityIds"] = new JsonArray([.. locked.EntityIds.Select(id => (JsonNode?)JsonValue.Create(id))]);
                break;
            case EntityUnlockSentEvent unlocked:
                item["EntityIds"] = new JsonArray([.. unlocked.EntityIds.Select(id => (JsonNode?)JsonValue.Create(id))]);
                break;
        }
    }

    private static string Time(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
