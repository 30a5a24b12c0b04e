using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Workflow.Configuration;

/// <summary>
/// The data converter for the workflow's inputs, outputs, custom status, events and entity state: the Durable Task
/// default (case-insensitive names, fields included) with enums as names, so history and status read as the API does
/// ("720p", "fal-queue", "Succeeded"). Set it on the durable worker and client of any host.
/// </summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static DataConverter DataConverter { get; } = new JsonDataConverter(Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, IncludeFields = true };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
