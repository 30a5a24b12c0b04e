using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Storage.Queues;

/// <summary>What the poison queue holds: the original message, where it came from, how often it was tried, and why it failed.</summary>
public sealed record PoisonMessage(
    string SourceQueue, string MessageId, string Body, long DequeueCount, string Reason, DateTimeOffset InsertedOn, DateTimeOffset FailedOn)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Set when the original body was too large to travel inside the poison message: <see cref="Body"/> then holds only its
    /// start, ending with a "[truncated: ...]" marker. <see cref="PoisonMessageHandler.ReadBodyAsync"/> returns the whole body.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PoisonBodyOverflow? Overflow { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a poison queue message's body.</summary>
    public static PoisonMessage Parse(string json) =>
        JsonSerializer.Deserialize<PoisonMessage>(json, Json) ?? throw new FormatException("A poison message must be a JSON object.");
}

/// <summary>
/// The original body of a poison message that did not fit in it: its size in UTF-8 bytes, its SHA-256 (lower-case hex), and
/// the blob holding it whole (in the handler's overflow container), or null when the handler had no container to put it in.
/// </summary>
public sealed record PoisonBodyOverflow(long Length, string Sha256, string? BlobName);
