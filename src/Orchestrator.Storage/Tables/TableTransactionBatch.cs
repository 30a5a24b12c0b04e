using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Tables;

/// <summary>
/// The wire form of an entity group transaction ("Performing entity group transactions" in the REST reference): one
/// multipart/mixed batch holding one changeset of HTTP requests; the answer holds either one status per operation, or a
/// single error naming the failing operation's index ("2:The specified entity already exists.").
/// </summary>
internal sealed partial class TableTransactionBatch
{
    public const int MaxActions = 100;
    private readonly IReadOnlyList<TableTransactionAction> _actions;
    private readonly string _batch = "batch_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly string _changeset = "changeset_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public TableTransactionBatch(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} operations, not {actions.Count}.", nameof(actions));
        }
        if (actions.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw new ArgumentException("Every operation of a transaction must be in the same partition.", nameof(actions));
        }
        if (actions.GroupBy(a => a.Entity.RowKey, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"A transaction may touch each entity once; RowKey '{twice.Key}' appears {twice.Count()} times.", nameof(actions));
        }
        _actions = actions;
    }

    public string ContentType => "multipart/mixed; boundary=" + _batch;

    /// <summary>The batch body: each action as an HTTP request on <paramref name="tableUri"/> (plus its entity path).</summary>
    public byte[] Encode(Uri tableUri, Func<TableTransactionAction, (RequestMethod Method, string? Path, IReadOnlyList<(string Name, string Value)> Headers)> requestLine)
    {
        var body = new StringBuilder()
            .Append("--").Append(_batch).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(_changeset).Append("\r\n\r\n");
        foreach (var action in _actions)
        {
            var (method, path, headers) = requestLine(action);
            body.Append("--").Append(_changeset).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append(method.Method).Append(' ').Append(tableUri.AbsoluteUri).Append(path).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            foreach (var (name, value) in headers)
            {
                body.Append(name).Append(": ").Append(value).Append("\r\n");
            }
            body.Append("\r\n");
            if (action.ActionType != TableTransactionActionType.Delete)
            {
                body.Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(action.Entity))).Append("\r\n");
            }
        }
        body.Append("--").Append(_changeset).Append("--\r\n")
            .Append("--").Append(_batch).Append("--\r\n");
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    /// <summary>Each operation's status and ETag, or the refusal of the whole transaction as an exception.</summary>
    public static IReadOnlyList<TableTransactionResult> ReadResults(Response response)
    {
        var parts = ParseParts(response.Content.ToString());
        var failure = parts.Find(p => p.Status >= 400);
        if (failure.Status >= 400)
        {
            var (code, message) = ReadError(failure.Body);
            var index = IndexPrefix().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
            throw new TableTransactionFailedException(failure.Status, code, message, response.Headers.RequestId, index);
        }
        return parts.Select(p => new TableTransactionResult(p.Status, p.ETag is null ? default : new ETag(p.ETag))).ToList();
    }

    private static List<(int Status, string? ETag, string Body)> ParseParts(string content)
    {
        var parts = new List<(int Status, string? ETag, string Body)>();
        var lines = content.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var status = StatusLine().Match(lines[i]);
            if (!status.Success)
            {
                continue;
            }
            string? etag = null;
            for (i++; i < lines.Count && lines[i].Length > 0; i++)
            {
                if (lines[i].StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                {
                    etag = lines[i]["ETag:".Length..].Trim();
                }
            }
            var body = new StringBuilder();
            for (i++; i < lines.Count && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i]).Append('\n');
            }
            i--;
            parts.Add((int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture), etag, body.ToString()));
        }
        return parts.Count > 0 ? parts : throw new InvalidDataException("The transaction's answer holds no operation status.");
    }

    private static (string? Code, string Message) ReadError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (StorageErrorParser.TryReadODataError(json.RootElement, out var code, out var message))
            {
                return (code, message ?? body.Trim());
            }
        }
        catch (JsonException)
        {
            // not JSON: the raw body is the message
        }
        return (null, body.Trim());
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();
}
