using Orchestrator.Durable.Client;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine;

/// <summary>The result of a scheduled task as recorded in history: a serialized result or a failure.</summary>
internal readonly record struct TaskOutcome(string? Result, TaskFailureDetails? Failure);

/// <summary>ContinueAsNew: the new input and the external events carried into the next execution.</summary>
internal sealed record ContinueAsNewRequest(string? Input, IReadOnlyList<EventRaisedEvent> CarriedEvents);

/// <summary>Where an orchestration stands after a step.</summary>
internal sealed record OrchestrationOutcome(
    OrchestrationRuntimeStatus Status,
    string? Output = null,
    TaskFailureDetails? Failure = null,
    string? CustomStatus = null,
    ContinueAsNewRequest? ContinueAsNew = null);

/// <summary>
/// One orchestration step: the events to append to history (OrchestratorStarted, the consumed inputs, the new
/// scheduling actions, a completion event if any, OrchestratorCompleted) and the outcome.
/// </summary>
internal sealed record OrchestrationStep(IReadOnlyList<HistoryEvent> NewHistory, IReadOnlyList<HistoryEvent> Actions, OrchestrationOutcome Outcome);

/// <summary>What an executor needs from the engine.</summary>
internal sealed record ExecutionSettings(DataConverter Converter, Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory, TimeSpan MaximumTimerInterval);
