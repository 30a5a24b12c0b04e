using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Budgets;

namespace Orchestrator.Host.Budgets;

/// <summary>
/// The body of PUT /api/teams/{team}/budget: the team's (or one environment's) own limits, which replace the previous ones.
/// A limit left out (or null) returns to configuration, so the body must name at least one, or be <c>{"reset": true}</c>
/// alone to return both. Read strictly, like the job contract: an unknown field, a wrong type or a value out of range is
/// each reported with its JSON path, never ignored, since an ignored typo would leave a body naming no limit, and that
/// would quietly put the configured limits back (raising a ceiling set lower on purpose).
/// </summary>
public sealed partial record BudgetLimitsUpdate
{
    /// <summary>Far more than any limits body needs.</summary>
    public const int MaxBytes = 4096;

    private const string Example = """{"monthlyCeilingUsd": 50, "maxRegenerations": 2}""";
    private static readonly string[] Fields = ["monthlyCeilingUsd", "maxRegenerations", "reset"];

    /// <summary>The monthly ceiling in USD, 0 or more (0 admits no new job); left out: the configured ceiling.</summary>
    public decimal? MonthlyCeilingUsd { get; init; }

    /// <summary>How many regenerations a job may use, 0 to 10; left out: the configured number.</summary>
    public int? MaxRegenerations { get; init; }

    /// <summary>true, alone: both limits return to configuration.</summary>
    public bool? Reset { get; init; }

    public BudgetLimits ToLimits() => new() { MonthlyCeilingUsd = MonthlyCeilingUsd, MaxRegenerations = MaxRegenerations };

    /// <summary>The update, or every problem found in the body (never both).</summary>
    public static (BudgetLimitsUpdate? Update, IReadOnlyList<JobRequestError> Errors) Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            return Failed(new JobRequestError("$", JobRequestErrorCodes.TooLarge, $"the body is over {MaxBytes} bytes; send only {Example}"));
        }
        if (utf8Json.IsEmpty)
        {
            return Failed(new JobRequestError("$", JobRequestErrorCodes.Required, $"the body is empty; send the limits as JSON, e.g. {Example}"));
        }
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
            return Failed(new JobRequestError("$", JobRequestErrorCodes.InvalidJson, $"is not valid JSON{where}; send the limits as e.g. {Example}"));
        }
    }

    private static (BudgetLimitsUpdate?, IReadOnlyList<JobRequestError>) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed(new JobRequestError("$", JobRequestErrorCodes.WrongType, $"must be an object such as {Example} (got {Describe(root)})"));
        }
        var errors = new List<JobRequestError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var update = new BudgetLimitsUpdate();
        foreach (var property in root.EnumerateObject())
        {
            var path = PathOf(property.Name);
            var value = property.Value;
            if (!seen.Add(property.Name))
            {
                errors.Add(new(path, JobRequestErrorCodes.DuplicateField, "appears more than once"));
            }
            else if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new(path, JobRequestErrorCodes.UnknownField, UnknownFieldMessage(property.Name)));
            }
            else if (value.ValueKind == JsonValueKind.Null)
            {
                // left out
            }
            else if (property.Name == "monthlyCeilingUsd")
            {
                update = update with { MonthlyCeilingUsd = ReadCeiling(value, path, errors) };
            }
            else if (property.Name == "maxRegenerations")
            {
                update = update with { MaxRegenerations = ReadRegenerations(value, path, errors) };
            }
            else if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                update = update with { Reset = value.GetBoolean() };
            }
            else
            {
                errors.Add(new(path, JobRequestErrorCodes.WrongType, $"must be true or false (got {Describe(value)})"));
            }
        }
        if (errors.Count > 0)
        {
            return Failed([.. errors]);
        }
        var namesALimit = update.MonthlyCeilingUsd is not null || update.MaxRegenerations is not null;
        if (update.Reset == true && namesALimit)
        {
            return Failed(new JobRequestError("$.reset", JobRequestErrorCodes.Inconsistent, "returns both limits to configuration, so it comes alone: send {\"reset\": true} or the limits"));
        }
        if (update.Reset != true && !namesALimit)
        {
            return Failed(new JobRequestError("$", JobRequestErrorCodes.Required,
                $"names no limit: give monthlyCeilingUsd and/or maxRegenerations (a limit left out returns to configuration), e.g. {Example}, or {{\"reset\": true}} to return both to configuration"));
        }
        return (update, []);
    }

    private static decimal? ReadCeiling(JsonElement value, string path, List<JobRequestError> errors)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var usd))
        {
            errors.Add(new(path, JobRequestErrorCodes.WrongType, $"must be a number of USD such as 50 or 0.10 (got {Describe(value)})"));
            return null;
        }
        if (usd < 0m)
        {
            errors.Add(new(path, JobRequestErrorCodes.OutOfRange, $"must be 0 or more (got {usd.ToString(CultureInfo.InvariantCulture)})"));
            return null;
        }
        return usd;
    }

    private static int? ReadRegenerations(JsonElement value, string path, List<JobRequestError> errors)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number != decimal.Truncate(number))
        {
            errors.Add(new(path, JobRequestErrorCodes.WrongType, $"must be a whole number (got {Describe(value)})"));
            return null;
        }
        if (number < 0 || number > JobRequestLimits.MaxRegenerations)
        {
            errors.Add(new(path, JobRequestErrorCodes.OutOfRange, $"must be from 0 to {JobRequestLimits.MaxRegenerations} (got {number.ToString(CultureInfo.InvariantCulture)})"));
            return null;
        }
        return (int)number;
    }

    private static string UnknownFieldMessage(string name)
    {
        var near = Fields.FirstOrDefault(field => name.StartsWith(field, StringComparison.OrdinalIgnoreCase) || field.StartsWith(name, StringComparison.OrdinalIgnoreCase));
        return near is null
            ? $"is not a known field (the fields are {string.Join(", ", Fields)})"
            : $"is not a known field; did you mean '{near}'?";
    }

    private static (BudgetLimitsUpdate?, IReadOnlyList<JobRequestError>) Failed(params JobRequestError[] errors) => (null, errors);

    private static string PathOf(string name) => IdentifierPattern().IsMatch(name) ? $"$.{name}" : $"$['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
