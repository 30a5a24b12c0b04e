using System.Text.Json;
using System.Text.RegularExpressions;
using static Orchestrator.Core.Jobs.JobRequestLimits;

namespace Orchestrator.Core.Jobs;

/// <summary>
/// Turns untrusted JSON into a <see cref="JobRequest"/>. It works on the raw document so that unknown fields, wrong types,
/// broken limits and cross-field problems are all reported together, each with its JSON path. Used by the HTTP API
/// (as problem details), the queue listener and the CLI.
/// </summary>
public sealed partial class JobRequestParser(JobRequestVocabulary? vocabulary = null)
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    private readonly JobRequestValidator validator = new(vocabulary);

    public JobRequestParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    public JobRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length > MaxRequestBytes)
        {
            return Failed(new JobRequestError("$", JobRequestErrorCodes.TooLarge, $"the request is {utf8Json.Length} bytes; the limit is {MaxRequestBytes}"));
        }
        try
        {
            using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
            return Parse(document.RootElement);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}" : string.Empty;
            return Failed(new JobRequestError("$", JobRequestErrorCodes.InvalidJson, $"is not valid JSON{where}"));
        }
    }

    public JobRequestParseResult Parse(JsonElement root)
    {
        var errors = new List<JobRequestError>();
        var reader = JsonObjectReader.Open(root, "$", errors);
        if (reader is null)
        {
            return Failed([.. errors]);
        }
        var draft = ReadFields(reader, out var failedFields);
        reader.ReportUnknownFields();
        errors.AddRange(validator.Check(draft, failedFields));
        return errors.Count == 0 ? new(draft, []) : Failed([.. errors]);
    }

    private static JobRequestParseResult Failed(params JobRequestError[] errors) => new(null, errors);

    /// <summary>Reads every field; a field that fails keeps its default and is named in <paramref name="failed"/> so cross-field rules skip it.</summary>
    private static JobRequest ReadFields(JsonObjectReader reader, out HashSet<string> failed)
    {
        var failedFields = new HashSet<string>(StringComparer.Ordinal);
        T? Track<T>(string field, Func<T?> read)
        {
            var before = reader.ErrorCount;
            var value = read();
            if (reader.ErrorCount != before)
            {
                failedFields.Add(field);
            }
            return value;
        }

        var team = Track("team", () => ReadTeam(reader));
        var prompt = Track("prompt", () => reader.String("prompt", MaxPromptLength, required: true));
        var duration = Track("durationSeconds", () => reader.Integer("durationSeconds", MinDurationSeconds, MaxDurationSeconds));
        var references = Track("references", () => ReadReferences(reader));
        var shots = Track("shots", () => ReadShots(reader));
        var request = new JobRequest
        {
            Team = team ?? string.Empty,
            Environment = Track("environment", () => reader.Enum<JobEnvironment>("environment")) ?? JobEnvironment.Sandbox,
            Prompt = prompt ?? string.Empty,
            DurationSeconds = duration ?? shots?.Sum(shot => shot.Seconds) ?? 0,
            Resolution = Track("resolution", () => reader.Enum<Resolution>("resolution")) ?? Resolution.P720,
            AspectRatio = Track("aspectRatio", () => ReadAspectRatio(reader)) ?? "16:9",
            Audio = Track("audio", () => reader.Enum<AudioMode>("audio")) ?? AudioMode.None,
            References = references ?? [],
            Shots = shots ?? [],
            Intent = Track("intent", () => reader.Enum<JobIntent>("intent")) ?? JobIntent.Generate,
            Hdr = Track("hdr", () => reader.Boolean("hdr")) ?? false,
            Route = Track("route", () => ReadRoute(reader)) ?? JobRequest.AutoRoute,
            PriceSource = Track("priceSource", () => reader.String("priceSource", MaxRouteIdLength)),
            MaxRegenerations = Track("maxRegenerations", () => reader.Integer("maxRegenerations", 0, JobRequestLimits.MaxRegenerations)),
            IdempotencyKey = Track("idempotencyKey", () => ReadIdempotencyKey(reader)),
            Tags = Track("tags", () => ReadTags(reader)) ?? new Dictionary<string, string>(),
        };
        if (duration is null && shots is null && !failedFields.Contains("durationSeconds"))
        {
            reader.Error(reader.PathOf("durationSeconds"), JobRequestErrorCodes.Required, "is required (or give storyboard shots, whose seconds add up to it)");
            failedFields.Add("durationSeconds");
        }
        if (duration is null && shots is not null)
        {
            // The duration came from the shots: the sum rule holds by construction, and the range rule still applies.
            failedFields.Add("durationFromShots");
        }
        failed = failedFields;
        return request;
    }

    private static string? ReadTeam(JsonObjectReader reader)
    {
        var team = reader.String("team", MaxTeamLength, required: true);
        if (team is not null && !TeamPattern().IsMatch(team))
        {
            reader.Error(reader.PathOf("team"), JobRequestErrorCodes.InvalidFormat, "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'");
            return null;
        }
        return team;
    }

    private static string? ReadAspectRatio(JsonObjectReader reader)
    {
        var ratio = reader.String("aspectRatio", 11);
        if (ratio is null)
        {
            return null;
        }
        var match = AspectRatioPattern().Match(ratio);
        if (!match.Success || int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) == 0
            || int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            reader.Error(reader.PathOf("aspectRatio"), JobRequestErrorCodes.InvalidFormat, $"must be width:height with whole numbers, e.g. 16:9 (got '{ratio}')");
            return null;
        }
        return ratio;
    }

    private static string? ReadRoute(JsonObjectReader reader)
    {
        var route = reader.String("route", MaxRouteIdLength);
        if (route is not null && route != JobRequest.AutoRoute && !RouteIdPattern().IsMatch(route))
        {
            reader.Error(reader.PathOf("route"), JobRequestErrorCodes.InvalidFormat, $"must be 'auto' or a route id such as 'fal/kling-v3-standard' (got '{route}')");
            return null;
        }
        return route;
    }

    private static string? ReadIdempotencyKey(JsonObjectReader reader)
    {
        var key = reader.String("idempotencyKey", MaxIdempotencyKeyLength);
        if (key is not null && !VisibleAsciiPattern().IsMatch(key))
        {
            reader.Error(reader.PathOf("idempotencyKey"), JobRequestErrorCodes.InvalidFormat, "must hold only visible ASCII characters (no spaces)");
            return null;
        }
        return key;
    }

    private static List<JobReference>? ReadReferences(JsonObjectReader reader) =>
        ReadItems(reader, "references", MaxImageReferences + MaxVideoReferences + MaxAudioReferences, fields =>
        {
            var kind = fields.Enum<ReferenceKind>("kind", required: true);
            var uri = ReadUri(fields);
            var role = fields.Enum<ReferenceRole>("role");
            var seconds = fields.Decimal("seconds", 0m, MaxReferenceSeconds);
            return kind is { } k && uri is not null ? new JobReference(k, uri, role, seconds) : null;
        });

    /// <summary>Reads an array of objects, each with its own fields and unknown-field check; items with errors are left out.</summary>
    private static List<T>? ReadItems<T>(JsonObjectReader reader, string name, int maxItems, Func<JsonObjectReader, T?> read)
        where T : class
    {
        var items = reader.Array(name, maxItems);
        if (items is null)
        {
            return null;
        }
        var result = new List<T>();
        foreach (var (item, path) in items)
        {
            if (JsonObjectReader.Open(item, path, reader.Errors) is not { } fields)
            {
                continue;
            }
            var value = read(fields);
            fields.ReportUnknownFields();
            if (value is not null)
            {
                result.Add(value);
            }
        }
        return result;
    }

    private static string? ReadUri(JsonObjectReader fields)
    {
        var text = fields.String("uri", MaxUriLength, required: true);
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            fields.Error(fields.PathOf("uri"), JobRequestErrorCodes.InvalidFormat, "must be an absolute http or https URL");
            return null;
        }
        return text;
    }

    private static List<Shot>? ReadShots(JsonObjectReader reader) =>
        ReadItems(reader, "shots", MaxShots, fields =>
        {
            var seconds = fields.Integer("seconds", MinShotSeconds, MaxShotSeconds, required: true);
            var prompt = fields.String("prompt", MaxPromptLength, required: true);
            var shotType = fields.String("shotType", 32);
            if (shotType is not null && !ShotTypes.Contains(shotType))
            {
                fields.Error(fields.PathOf("shotType"), JobRequestErrorCodes.InvalidValue, $"'{shotType}' is not one of {string.Join(", ", ShotTypes)}");
            }
            return seconds is { } s && prompt is not null ? new Shot(s, prompt, shotType) : null;
        });

    private static Dictionary<string, string>? ReadTags(JsonObjectReader reader)
    {
        if (reader.Take("tags") is not { } value)
        {
            return null;
        }
        var tags = JsonObjectReader.Open(value, reader.PathOf("tags"), reader.Errors);
        if (tags is null)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = value.EnumerateObject().ToList();
        if (entries.Count > MaxTags)
        {
            tags.Error(tags.Path, JobRequestErrorCodes.TooMany, $"must have at most {MaxTags} tags (got {entries.Count})");
            return null;
        }
        foreach (var entry in entries)
        {
            var path = tags.PathOf(entry.Name);
            tags.Take(entry.Name);
            if (entry.Name.Length > MaxTagKeyLength || !TagKeyPattern().IsMatch(entry.Name))
            {
                tags.Error(path, JobRequestErrorCodes.InvalidFormat, $"a tag name must be 1 to {MaxTagKeyLength} letters, digits, '.', '_', ':' or '-'");
                continue;
            }
            if (tags.ReadString(entry.Value, path, MaxTagValueLength, allowBlank: true) is { } text)
            {
                result.TryAdd(entry.Name, text);
            }
        }
        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex TeamPattern();

    [GeneratedRegex(@"^([0-9]{1,2}):([0-9]{1,2})$")]
    private static partial Regex AspectRatioPattern();

    [GeneratedRegex("^[a-z0-9-]+/[a-z0-9._-]+$")]
    private static partial Regex RouteIdPattern();

    [GeneratedRegex("^[!-~]+$")]
    private static partial Regex VisibleAsciiPattern();

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex TagKeyPattern();
}
