using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace Orchestrator.Storage.Tables;

/// <summary>
/// Maps a record (e.g. a cost row) to a table entity and back. The record names its keys with string properties
/// PartitionKey and RowKey (computed ones are fine: they are written, not read back); optional ETag (ETag) and Timestamp
/// (DateTimeOffset?) properties receive the service's. Every other public property is a column, except those marked
/// [IgnoreDataMember]. Records are rebuilt through their widest constructor (positional records) and init setters.
/// Column types: string, bool, int, long, double, decimal (stored as its exact string), Guid, DateTimeOffset (stored as a UTC
/// Edm.DateTime: the instant is kept, the offset is not), byte[], enums (stored by name), and their nullable forms.
/// </summary>
public sealed class TableEntityMapper<T>
    where T : notnull
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.OrdinalIgnoreCase) { "PartitionKey", "RowKey", "ETag", "Timestamp" };
    private readonly PropertyInfo _partitionKey;
    private readonly PropertyInfo _rowKey;
    private readonly PropertyInfo[] _columns;
    private readonly ConstructorInfo _constructor;
    private readonly ParameterInfo[] _parameters;
    private readonly bool[] _required;
    private readonly PropertyInfo[] _settable;

    public TableEntityMapper()
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
            .Where(p => !(p.Name == "EqualityContract" && p.PropertyType == typeof(Type)))
            .ToArray();
        _partitionKey = KeyProperty(properties, "PartitionKey");
        _rowKey = KeyProperty(properties, "RowKey");
        _columns = properties.Where(p => !SystemProperties.Contains(p.Name)).ToArray();
        foreach (var column in _columns)
        {
            ColumnType(column.PropertyType, column.Name); // refuse an unmappable type now, not at the first write
        }
        _constructor = typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{typeof(T).Name} needs a public constructor to be read from a table.");
        _parameters = _constructor.GetParameters();
        // Decided once here, not per row read: nullability is read by reflection.
        _required = [.. _parameters.Select(p => !p.HasDefaultValue && !IsNullable(p))];
        _settable = properties
            .Where(p => p.SetMethod is { IsPublic: true } && !_parameters.Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
    }

    public TableEntity ToEntity(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var column in _columns)
        {
            if (column.GetValue(value) is { } columnValue)
            {
                properties[column.Name] = columnValue;
            }
        }
        return new TableEntity(Key(_partitionKey, value), Key(_rowKey, value), properties);
    }

    public T FromEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var arguments = _parameters.Select((p, i) => Bind(entity, p.Name!, p.ParameterType, p.HasDefaultValue ? p.DefaultValue : null, _required[i])).ToArray();
        var result = (T)_constructor.Invoke(arguments);
        foreach (var property in _settable)
        {
            if (Lookup(entity, property.Name) is { } raw)
            {
                property.SetValue(result, Convert(raw, property.PropertyType, property.Name));
            }
        }
        return result;
    }

    private static object? Bind(TableEntity entity, string name, Type type, object? defaultValue, bool required)
    {
        var raw = Lookup(entity, name);
        if (raw is null)
        {
            return required
                ? throw new InvalidOperationException($"Entity ({entity.PartitionKey}, {entity.RowKey}) has no '{name}', which {typeof(T).Name} requires.")
                : defaultValue ?? (type.IsValueType ? Activator.CreateInstance(type) : null);
        }
        return Convert(raw, type, name);
    }

    private static object? Lookup(TableEntity entity, string name) => name.ToUpperInvariant() switch
    {
        "PARTITIONKEY" => entity.PartitionKey,
        "ROWKEY" => entity.RowKey,
        "ETAG" => entity.ETag,
        "TIMESTAMP" => entity.Timestamp,
        _ => entity.Properties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value,
    };

    private static object Convert(object raw, Type type, string name)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return (target, raw) switch
            {
                _ when target.IsInstanceOfType(raw) => raw,
                (_, string s) when target == typeof(decimal) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                (_, string s) when target.IsEnum => Enum.Parse(target, s),
                (_, string s) when target == typeof(Guid) => Guid.Parse(s),
                (_, int i) when target == typeof(long) => (long)i,
                (_, int i) when target == typeof(double) => (double)i,
                (_, int or long or double) when target == typeof(decimal) => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            throw new InvalidOperationException($"Column '{name}' holds {raw.GetType().Name} '{raw}', which does not convert to {type.Name}.", e);
        }
    }

    private static void ColumnType(Type type, string name)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (!(target.IsEnum || target == typeof(string) || target == typeof(bool) || target == typeof(int) || target == typeof(long) ||
              target == typeof(double) || target == typeof(decimal) || target == typeof(Guid) || target == typeof(DateTimeOffset) || target == typeof(byte[])))
        {
            throw new InvalidOperationException($"{typeof(T).Name}.{name} has type {type.Name}, which has no table column form; mark it [IgnoreDataMember] or change its type.");
        }
    }

    private static PropertyInfo KeyProperty(PropertyInfo[] properties, string name) =>
        properties.FirstOrDefault(p => p.Name == name && p.PropertyType == typeof(string))
        ?? throw new InvalidOperationException($"{typeof(T).Name} needs a public string property {name} to be stored in a table.");

    private static string Key(PropertyInfo property, T value) =>
        property.GetValue(value) as string is { Length: > 0 } key
            ? key
            : throw new ArgumentException($"{typeof(T).Name}.{property.Name} is empty.", nameof(value));

    private static bool IsNullable(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null ||
        (!parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable);
}
