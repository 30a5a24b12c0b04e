using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// Reads the fields of one JSON object by name and type, collecting a <see cref="JobRequestError"/> for each problem
/// instead of stopping at the first, then reports every field nobody asked for as unknown.
/// </summary>
internal sealed partial class JsonObjectReader
{
    private readonly List<JobRequestError> errors;
    private readonly Dictionary<string, JsonElement> fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    private JsonObjectReader(string path, List<JobRequestError> errors)
    {
        Path = path;
        this.errors = errors;
    }

    public string Path { get; }

    /// <summary>The shared list every reader of one document adds to.</summary>
    public List<JobRequestError> Errors => errors;

    public int ErrorCount => errors.Count;

    /// <summary>Opens an object, or records a wrong-type error and returns null.</summary>
    public static JsonObjectReader? Open(JsonElement element, string path, List<JobRequestError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, JobRequestErrorCodes.WrongType, $"must be an object (got {Describe(element)})"));
            return null;
        }
        var reader = new JsonObjectReader(path, errors);
        foreach (var property in element.EnumerateObject())
        {
            if (!reader.fields.TryAdd(property.Name, property.Value))
            {
                errors.Add(new(reader.PathOf(property.Name), JobRequestErrorCodes.DuplicateField, "appears more than once"));
            }
        }
        return reader;
    }

    public string PathOf(string name) => IdentifierPattern().IsMatch(name) ? $"{Path}.{name}" : $"{Path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public void Error(string path, string code, string message) => errors.Add(new(path, code, message));

    /// <summary>The field's value, or null when it is absent or JSON null (an optional field may be sent as null).</summary>
    public JsonElement? Take(string name, bool required = false)
    {
        known.Add(name);
        if (fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }
        if (required)
        {
            Error(PathOf(name), JobRequestErrorCodes.Required, "is required");
        }
        return null;
    }

    public string? String(string name, int maxLength, bool required = false, bool allowBlank = false)
    {
        if (Take(name, required) is not { } value)
        {
            return null;
        }
        return ReadString(value, PathOf(name), maxLength, allowBlank);
    }

    public string? ReadString(JsonElement value, string path, int maxLength, bool allowBlank = false)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, JobRequestErrorCodes.WrongType, $"must be a string (got {Describe(value)})");
            return null;
        }
        var text = value.GetString()!;
        if (!allowBlank && string.IsNullOrWhiteSpace(text))
        {
            Error(path, JobRequestErrorCodes.Required, "must not be empty or blank");
            return null;
        }
        if (text.Length > maxLength)
        {
            Error(path, JobRequestErrorCodes.TooLong, $"must be at most {maxLength} characters (got {text.Length})");
            return null;
        }
        return text;
    }

    public int? Integer(string name, int min, int max, bool required = false)
    {
        if (Take(name, required) is not { } value)
        {
            return null;
        }
        return ReadInteger(value, PathOf(name), min, max);
    }

    public int? ReadInteger(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            Error(path, JobRequestErrorCodes.WrongType, $"must be a whole number (got {Describe(value)})");
            return null;
        }
        if (!value.TryGetDecimal(out var number) || number != decimal.Truncate(number))
        {
            Error(path, JobRequestErrorCodes.WrongType, $"must be a whole number (got {value.GetRawText()})");
            return null;
        }
        if (number < min || number > max)
        {
            Error(path, JobRequestErrorCodes.OutOfRange, $"must be from {min} to {max} (got {number.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        return (int)number;
    }

    public decimal? Decimal(string name, decimal exclusiveMin, decimal max)
    {
        if (Take(name) is not { } value)
        {
            return null;
        }
        var path = PathOf(name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Error(path, JobRequestErrorCodes.WrongType, $"must be a number (got {Describe(value)})");
            return null;
        }
        if (number <= exclusiveMin || number > max)
        {
            Error(path, JobRequestErrorCodes.OutOfRange, $"must be more than {exclusiveMin} and at most {max} (got {value.GetRawText()})");
            return null;
        }
        return number;
    }

    public bool? Boolean(string name)
    {
        if (Take(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        Error(PathOf(name), JobRequestErrorCodes.WrongType, $"must be true or false (got {Describe(value)})");
        return null;
    }

    public TEnum? Enum<TEnum>(string name, bool required = false)
        where TEnum : struct, Enum
    {
        if (Take(name, required) is not { } value)
        {
            return null;
        }
        var path = PathOf(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, JobRequestErrorCodes.WrongType, $"must be one of {string.Join(", ", WireNames.All<TEnum>())} (got {Describe(value)})");
            return null;
        }
        var text = value.GetString()!;
        if (WireNames.TryParse<TEnum>(text, out var parsed))
        {
            return parsed;
        }
        Error(path, JobRequestErrorCodes.InvalidValue, $"'{text}' is not one of {string.Join(", ", WireNames.All<TEnum>())}");
        return null;
    }

    /// <summary>The items of an array field with their paths; null when absent or not an array (the latter is reported).</summary>
    public IReadOnlyList<(JsonElement Item, string Path)>? Array(string name, int maxItems)
    {
        if (Take(name) is not { } value)
        {
            return null;
        }
        var path = PathOf(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(path, JobRequestErrorCodes.WrongType, $"must be an array (got {Describe(value)})");
            return null;
        }
        var count = value.GetArrayLength();
        if (count > maxItems)
        {
            Error(path, JobRequestErrorCodes.TooMany, $"must have at most {maxItems} items (got {count})");
            return null;
        }
        return [.. value.EnumerateArray().Select((item, index) => (item, $"{path}[{index}]"))];
    }

    /// <summary>Reports every field that no Take asked for, with a hint when only the letter case is wrong.</summary>
    public void ReportUnknownFields()
    {
        foreach (var name in fields.Keys.Where(name => !known.Contains(name)))
        {
            var nearMiss = known.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
            var hint = nearMiss is null ? string.Empty : $"; did you mean '{nearMiss}'?";
            Error(PathOf(name), JobRequestErrorCodes.UnknownField, $"is not a known field{hint}");
        }
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
