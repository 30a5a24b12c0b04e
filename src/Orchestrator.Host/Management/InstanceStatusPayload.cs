using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Durable.Client;

namespace Orchestrator.Host.Management;

/// <summary>
/// An instance's status as the Durable Functions management API returns it: name, id, runtime status, input, custom
/// status, output, created and last-updated times (UTC, to the second, with a Z), and the history when asked for.
/// Input, output and custom status are the instance's JSON values, not strings holding JSON.
/// </summary>
public sealed record InstanceStatusPayload(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string InstanceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string RuntimeStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Output,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string CreatedTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string LastUpdatedTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonArray? HistoryEvents)
{
    /// <summary>The payload of an instance read with its inputs and outputs; the input only when <paramref name="showInput"/>.</summary>
    public static InstanceStatusPayload From(OrchestrationMetadata instance, bool showInput, JsonArray? history = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new InstanceStatusPayload(
            instance.Name,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            showInput ? Json(instance.SerializedInput) : null,
            Json(instance.SerializedCustomStatus),
            OutputOf(instance),
            Time(instance.CreatedAt),
            Time(instance.LastUpdatedAt),
            history);
    }

    /// <summary>Durable Functions writes these times as "s" + "Z": 2026-11-21T10:15:00Z.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("s", CultureInfo.InvariantCulture) + "Z";

    /// <summary>A serialized JSON value as a node; text that is not JSON is kept as a string.</summary>
    public static JsonNode? Json(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }

    // A failed instance's output is the failure, as Durable Functions reports it.
    private static JsonNode? OutputOf(OrchestrationMetadata instance) =>
        instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && instance.SerializedOutput is null && instance.FailureDetails is { } failure
            ? JsonValue.Create($"Orchestrator function '{instance.Name}' failed: {failure.ErrorMessage}")
            : Json(instance.SerializedOutput);
}
