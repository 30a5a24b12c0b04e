using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Vendors.Http;

/// <summary>Lenient reads of vendor JSON: a missing, null or oddly typed field is null, never an exception.</summary>
internal static class JsonRead
{
    public static JsonElement? Path(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? String(JsonElement element, params string[] path) => Path(element, path) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    public static decimal? Decimal(JsonElement element, params string[] path) => Path(element, path) switch
    {
        { ValueKind: JsonValueKind.Number } value when value.TryGetDecimal(out var number) => number,
        { ValueKind: JsonValueKind.String } value when decimal.TryParse(value.GetString()?.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    public static int? Int(JsonElement element, params string[] path) => Decimal(element, path) is { } number ? (int)Math.Round(number) : null;

    public static long? Long(JsonElement element, params string[] path) => Decimal(element, path) is { } number ? (long)number : null;

    public static DateTimeOffset? UnixSeconds(JsonElement element, params string[] path) => Long(element, path) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public static DateTimeOffset? UnixMilliseconds(JsonElement element, params string[] path) => Long(element, path) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static DateTimeOffset? Iso(JsonElement element, params string[] path) =>
        String(element, path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    public static IEnumerable<JsonElement> Array(JsonElement element, params string[] path) =>
        Path(element, path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
}
