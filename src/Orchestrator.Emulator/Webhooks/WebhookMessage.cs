namespace Orchestrator.Emulator.Webhooks;

/// <summary>A webhook call as a vendor would make it: where, with which headers, and the exact body bytes.</summary>
public sealed record WebhookMessage(string Url, IReadOnlyDictionary<string, string> Headers, byte[] Body);
