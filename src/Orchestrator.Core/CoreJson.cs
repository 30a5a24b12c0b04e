using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core;

/// <summary>
/// The JSON conventions of the contract and of the data files: camelCase names, kebab-case enum values
/// (unless a member names its own with <see cref="JsonStringEnumMemberNameAttribute"/>), nulls left out.
/// </summary>
public static class CoreJson
{
    /// <summary>Options for reading and writing contract types (job requests, quotes, decisions).</summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: false, indented: false);

    /// <summary>The same conventions, indented, for output people read (the CLI).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(strict: false, indented: true);

    /// <summary>Options for the data files shipped with Core: a misspelt field is an error, not a silent default.</summary>
    internal static JsonSerializerOptions StrictData { get; } = Create(strict: true, indented: false);

    private static JsonSerializerOptions Create(bool strict, bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            // JSON here is never embedded in HTML: keep '+' ("native+voice") and apostrophes as they are.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip,
            AllowTrailingCommas = false,
            ReadCommentHandling = strict ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>The wire names of enum members, taken from the serializer itself so parsing and writing never disagree.</summary>
public static class WireNames
{
    /// <summary>Every wire name of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Cache<TEnum>.All;

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.ToWire[value];

    public static bool TryParse<TEnum>(string wireName, out TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.FromWire.TryGetValue(wireName, out value);

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ToWire = Enum.GetValues<TEnum>()
            .ToDictionary(value => value, value => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, CoreJson.Options))!);

        public static readonly Dictionary<string, TEnum> FromWire = ToWire.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> All = [.. ToWire.Values];
    }
}
