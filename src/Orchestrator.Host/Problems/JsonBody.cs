using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orchestrator.Host.Problems;

/// <summary>
/// What every JSON body the host parses itself (strictly, to report every problem) shares: it must be sent as JSON, and it
/// is read only up to a limit, so an oversized body is refused by its parser without being read whole.
/// </summary>
public static class JsonBody
{
    public static bool IsJson(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim();
        return media is not null && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>415 problem details for a body that is not JSON, naming what came.</summary>
    public static ProblemHttpResult NotJson(string what, string? contentType) =>
        ApiProblems.UnsupportedMedia($"Send {what} as application/json (got '{contentType ?? "no content type"}').");

    /// <summary>Reads at most <paramref name="limit"/> bytes of the body.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest http, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var reader = http.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            if (result.IsCompleted || buffer.Length >= limit)
            {
                var bytes = buffer.Slice(0, Math.Min(buffer.Length, limit)).ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
