using System.Text.Json;

namespace Orchestrator.Storage.Queues;

/// <summary>What the poison queue holds: the original message, where it came from, how often it was tried, and why it failed.</summary>
public sealed record PoisonMessage(
    string SourceQueue, string MessageId, string Body, long DequeueCount, string Reason, DateTimeOffset InsertedOn, DateTimeOffset FailedOn)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a poison queue message's body.</summary>
    public static PoisonMessage Parse(string json) =>
        JsonSerializer.Deserialize<PoisonMessage>(json, Json) ?? throw new FormatException("A poison message must be a JSON object.");
}
