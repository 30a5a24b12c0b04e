using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Storage.Tables;

/// <summary>
/// The Table service's JSON (OData minimal metadata) for entities. Types JSON cannot carry exactly are sent as strings with an
/// "@odata.type" annotation: Edm.Int64, Edm.Guid, Edm.DateTime, Edm.Binary, and Edm.Double (annotated always, so 2.0 is not
/// read back as Int32). decimal has no Edm type: it is sent as an Edm.String holding its exact invariant text (scale kept).
/// </summary>
internal static class TableEntityJson
{
    private const string DateTimeFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static byte[] Serialize(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", entity.PartitionKey);
            json.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                if (Reserved.Contains(name))
                {
                    throw new ArgumentException($"'{name}' is a system property of every entity; set it on the entity itself, not among its properties.", nameof(entity));
                }
                WriteProperty(json, name, value);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static TableEntity Deserialize(JsonElement json, ETag etag = default)
    {
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        string? partitionKey = null, rowKey = null;
        DateTimeOffset? timestamp = null;
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue; // annotations are read with the property they annotate
            }
            var edmType = json.TryGetProperty(name + "@odata.type", out var annotation) ? annotation.GetString() : null;
            var value = ReadValue(property.Value, edmType, name);
            switch (name)
            {
                case "PartitionKey": partitionKey = (string)value; break;
                case "RowKey": rowKey = (string)value; break;
                case "Timestamp": timestamp = value as DateTimeOffset? ?? ParseDate((string)value); break;
                default: properties[name] = value; break;
            }
        }
        if (etag == default && json.TryGetProperty("odata.etag", out var bodyEtag))
        {
            etag = new ETag(bodyEtag.GetString()!);
        }
        return new TableEntity(partitionKey ?? "", rowKey ?? "", properties) { ETag = etag, Timestamp = timestamp };
    }

    /// <summary>An entity's value in its Edm form, for writing and for filters alike.</summary>
    public static string FormatDate(DateTimeOffset value) => value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    private static void WriteProperty(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                return; // the service stores no nulls: an absent property reads back as absent
            case string s: json.WriteString(name, s); return;
            case bool b: json.WriteBoolean(name, b); return;
            case int i: json.WriteNumber(name, i); return;
            case decimal m: json.WriteString(name, m.ToString(CultureInfo.InvariantCulture)); return;
            case Enum e: json.WriteString(name, e.ToString()); return;
            case long l: Annotated(json, name, "Edm.Int64", l.ToString(CultureInfo.InvariantCulture)); return;
            case Guid g: Annotated(json, name, "Edm.Guid", g.ToString("D")); return;
            case DateTimeOffset d: Annotated(json, name, "Edm.DateTime", FormatDate(d)); return;
            case DateTime { Kind: DateTimeKind.Utc } d: Annotated(json, name, "Edm.DateTime", FormatDate(d)); return;
            case byte[] bytes: Annotated(json, name, "Edm.Binary", Convert.ToBase64String(bytes)); return;
            case double d when double.IsFinite(d):
                json.WriteString(name + "@odata.type", "Edm.Double");
                json.WriteNumber(name, d);
                return;
            case double d: Annotated(json, name, "Edm.Double", d.ToString(CultureInfo.InvariantCulture)); return;
            default:
                throw new ArgumentException(
                    $"Property '{name}' has type {value.GetType().Name}, which has no Edm form (use string, bool, int, long, double, decimal, Guid, DateTimeOffset, UTC DateTime, byte[] or an enum).");
        }
    }

    private static void Annotated(Utf8JsonWriter json, string name, string edmType, string value)
    {
        json.WriteString(name + "@odata.type", edmType);
        json.WriteString(name, value);
    }

    private static object ReadValue(JsonElement value, string? edmType, string name) => (edmType, value.ValueKind) switch
    {
        ("Edm.Int64", _) => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        ("Edm.Guid", _) => Guid.Parse(value.GetString()!),
        ("Edm.DateTime", _) => ParseDate(value.GetString()!),
        ("Edm.Binary", _) => Convert.FromBase64String(value.GetString()!),
        ("Edm.Double", JsonValueKind.String) => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        ("Edm.Double", _) => value.GetDouble(),
        (_, JsonValueKind.String) => value.GetString()!,
        (_, JsonValueKind.True or JsonValueKind.False) => value.GetBoolean(),
        (_, JsonValueKind.Number) when value.TryGetInt32(out var i) && !value.GetRawText().AsSpan().ContainsAny(".eE") => i,
        (_, JsonValueKind.Number) => value.GetDouble(),
        _ => throw new InvalidDataException($"Property '{name}' has a value the Table service does not send ({value.ValueKind}, {edmType})."),
    };

    private static DateTimeOffset ParseDate(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
