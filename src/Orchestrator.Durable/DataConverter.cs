using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Orchestrator.Durable;

/// <summary>Serializes inputs, outputs, events, custom status and entity state.</summary>
public abstract class DataConverter
{
    [return: NotNullIfNotNull(nameof(value))]
    public abstract string? Serialize(object? value);

    [return: NotNullIfNotNull(nameof(data))]
    public abstract object? Deserialize(string? data, Type targetType);

    [return: NotNullIfNotNull(nameof(data))]
    public virtual T? Deserialize<T>(string? data) => (T?)(Deserialize(data, typeof(T)) ?? default);
}

/// <summary>The default converter: System.Text.Json, case-insensitive property names, fields included.</summary>
public class JsonDataConverter : DataConverter
{
    private readonly JsonSerializerOptions _options;

    public JsonDataConverter(JsonSerializerOptions? options = null)
    {
        _options = options ?? new JsonSerializerOptions { PropertyNameCaseInsensitive = true, IncludeFields = true };
    }

    /// <summary>The shared default instance.</summary>
    public static JsonDataConverter Default { get; } = new();

    public override string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _options);

    public override object? Deserialize(string? data, Type targetType) =>
        data is null ? null : JsonSerializer.Deserialize(data, targetType, _options);
}
