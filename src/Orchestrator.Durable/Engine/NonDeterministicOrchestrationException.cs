namespace Orchestrator.Durable.Engine;

/// <summary>The orchestrator code no longer matches its recorded history (a code change or non-deterministic code).</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);
