using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Durable.Entities;

/// <summary>The id of an entity: a lower-cased name and a key; string form <c>@name@key</c>.</summary>
[JsonConverter(typeof(EntityInstanceIdJsonConverter))]
public readonly record struct EntityInstanceId
{
    private const int MaxLength = 100;

    public EntityInstanceId(string name, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(key);
        if (name.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("Entity names may not contain '@'.", nameof(name));
        }
        Name = name.ToLowerInvariant();
        Key = key;
        if (ToString().Length > MaxLength)
        {
            throw new ArgumentException($"Entity instance ids may not exceed {MaxLength} characters.", nameof(key));
        }
    }

    public string Name { get; }

    public string Key { get; }

    /// <summary>Parses <c>@name@key</c>.</summary>
    public static EntityInstanceId FromString(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        int split = instanceId.IndexOf('@', 1);
        if (instanceId[0] != '@' || split <= 0)
        {
            throw new ArgumentException($"Instance ID '{instanceId}' is not a valid entity ID.", nameof(instanceId));
        }
        return new EntityInstanceId(instanceId[1..split], instanceId[(split + 1)..]);
    }

    public override string ToString() => $"@{Name}@{Key}";
}

internal sealed class EntityInstanceIdJsonConverter : JsonConverter<EntityInstanceId>
{
    public override EntityInstanceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => EntityInstanceId.FromString(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, EntityInstanceId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}
