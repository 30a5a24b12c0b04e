using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Host;

/// <summary>
/// The API's JSON: the job contract's conventions (camelCase, kebab-case enum values, nulls left out, '+' kept as is), so a
/// job request, a quote and a job view read the same over HTTP as in the CLI. Durable Functions payloads state their own
/// null handling and write runtime statuses as Durable Functions does ("Running").
/// </summary>
public static class HostJson
{
    /// <summary>Options for clients of the API in this process (the demo run, tests).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
