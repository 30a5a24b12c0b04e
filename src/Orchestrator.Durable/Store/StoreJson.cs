using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Durable.Engine.Entities;
using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Store;

/// <summary>How the engine's own records (history events, entity messages, failures) are stored as JSON.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = StoreJsonContext.Default.Options;

    public static string Write(HistoryEvent e) => JsonSerializer.Serialize(e, Options);

    public static HistoryEvent ReadEvent(string json) => JsonSerializer.Deserialize<HistoryEvent>(json, Options)!;

    public static string WriteEvents(IReadOnlyList<HistoryEvent> events) => JsonSerializer.Serialize(events, Options);

    public static HistoryEvent[] ReadEvents(string json) => JsonSerializer.Deserialize<HistoryEvent[]>(json, Options)!;

    public static string Write(EntityMessage m) => JsonSerializer.Serialize(m, Options);

    public static EntityMessage ReadEntityMessage(string json) => JsonSerializer.Deserialize<EntityMessage>(json, Options)!;

    public static string? Write(TaskFailureDetails? failure) => failure is null ? null : JsonSerializer.Serialize(failure, Options);

    public static TaskFailureDetails? ReadFailure(string? json) => json is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(json, Options);
}

/// <summary>Compile-time serializers for the engine's records (no reflection on the hot path).</summary>
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(HistoryEvent[]))]
[JsonSerializable(typeof(IReadOnlyList<HistoryEvent>))]
[JsonSerializable(typeof(EntityMessage))]
[JsonSerializable(typeof(TaskFailureDetails))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
