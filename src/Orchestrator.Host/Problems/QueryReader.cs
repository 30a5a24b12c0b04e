using System.Globalization;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Host.Problems;

/// <summary>
/// Reads query-string parameters strictly: a value that does not parse is a problem named by its parameter (Durable
/// Functions ignores such values silently; here the caller is told). Collect, then answer all problems at once.
/// </summary>
public sealed class QueryReader(IQueryCollection query)
{
    private readonly List<JobRequestError> problems = [];

    public IReadOnlyList<JobRequestError> Problems => problems;

    public bool IsValid => problems.Count == 0;

    public string? Text(string name) => query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;

    public bool? Boolean(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }
        if (bool.TryParse(text, out var value))
        {
            return value;
        }
        Problem(name, $"'{text}' is not true or false");
        return null;
    }

    public int? Number(string name, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Problem(name, $"'{text}' is not a whole number from {min} to {max}");
        return null;
    }

    /// <summary>An ISO 8601 date or instant; without an offset it is UTC.</summary>
    public DateTimeOffset? Time(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }
        Problem(name, $"'{text}' is not a date such as 2026-11-21 or an ISO 8601 instant");
        return null;
    }

    /// <summary>A comma-separated list of enum names (case-insensitive), as Durable Functions takes runtimeStatus.</summary>
    public IReadOnlyList<TEnum>? EnumList<TEnum>(string name)
        where TEnum : struct, Enum
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }
        var result = new List<TEnum>();
        foreach (var part in values.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            // The API's own spelling (kebab-case, "budget-exceeded") or Durable Functions' ("BudgetExceeded"), in any case.
            if (WireNames.TryParse<TEnum>(part.ToLowerInvariant(), out var wire))
            {
                result.Add(wire);
            }
            else if (Enum.TryParse<TEnum>(part, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(part, out _))
            {
                result.Add(parsed);
            }
            else
            {
                Problem(name, $"'{part}' is not one of {string.Join(", ", WireNames.All<TEnum>())}");
            }
        }
        return result.Count == 0 ? null : result;
    }

    public void Problem(string name, string message) => problems.Add(new JobRequestError(name, JobRequestErrorCodes.InvalidValue, message));
}
