using System.Text.Json;
using System.Xml.Linq;
using Azure.Core;

namespace Orchestrator.Storage.Pipeline;

/// <summary>
/// Reads Azure Storage's error shapes: the x-ms-error-code header, the XML &lt;Error&gt; body of Blob and Queue, and the JSON
/// odata.error body of Table. Azure.Core's default parser only knows the generic JSON { "error": ... } shape.
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static readonly StorageErrorParser Instance = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        var (bodyCode, message) = ReadBody(response);
        code ??= bodyCode;
        error = code is null && message is null ? null : new ResponseError(code, message ?? code);
        return error is not null;
    }

    private static (string? Code, string? Message) ReadBody(Response response)
    {
        if (response.ContentStream is not { CanSeek: true, Length: > 0 })
        {
            return (null, null);
        }
        var text = response.Content.ToString().TrimStart('\uFEFF', ' ', '\r', '\n');
        try
        {
            if (text.StartsWith('<'))
            {
                var root = XElement.Parse(text);
                return (root.Element("Code")?.Value, root.Element("Message")?.Value);
            }
            if (text.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(text);
                if (TryReadODataError(json.RootElement, out var code, out var message))
                {
                    return (code, message);
                }
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            // Not one of the service's shapes (e.g. a proxy's HTML page): the status and raw content still reach the exception.
        }
        return (null, null);
    }

    /// <summary>The Table service's { "odata.error": { "code", "message": { "value" } } }, also found in a transaction's answer.</summary>
    public static bool TryReadODataError(JsonElement root, out string? code, out string? message)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("odata.error", out var odata) || odata.ValueKind != JsonValueKind.Object)
        {
            (code, message) = (null, null);
            return false;
        }
        message = odata.TryGetProperty("message", out var m)
            ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.ToString() : m.ToString()
            : null;
        code = odata.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return true;
    }
}
