using System.Globalization;

namespace Orchestrator.Storage.Tables;

/// <summary>
/// Builds OData $filter strings with every value rendered as a safe, typed literal (quotes doubled, Int64 with L, guid'...',
/// datetime'...'), so a team name with a quote in it cannot change the query. decimal values render as the same exact
/// string they are stored as, so equality on money works; ranges on decimals must be filtered after reading.
/// </summary>
public static class TableFilter
{
    /// <summary>E.g. <c>TableFilter.Create($"PartitionKey eq {partition} and Attempt ge {2L}")</c>.</summary>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return string.Format(CultureInfo.InvariantCulture, filter.Format, filter.GetArguments().Select(Literal).ToArray());
    }

    /// <summary>One value as an OData literal.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => Quote(m.ToString(CultureInfo.InvariantCulture)),
        Enum e => Quote(e.ToString()),
        Guid g => $"guid'{g:D}'",
        DateTimeOffset d => $"datetime'{TableEntityJson.FormatDate(d)}'",
        byte[] bytes => $"X'{Convert.ToHexString(bytes)}'",
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be used in a table filter.", nameof(value)),
    };

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
