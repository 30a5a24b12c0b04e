namespace Orchestrator.Durable;

/// <summary>The orchestration that started the current one as a sub-orchestration.</summary>
public record ParentOrchestrationInstance(TaskName Name, string InstanceId);
