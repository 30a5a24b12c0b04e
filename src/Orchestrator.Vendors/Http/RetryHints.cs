using System.Globalization;
using System.Net.Http.Headers;

namespace Orchestrator.Vendors.Http;

/// <summary>The wait hints vendors send: retry-after-ms (Runway, OpenAI), Retry-After (seconds or a date), openai-poll-after-ms.</summary>
public static class RetryHints
{
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Milliseconds(headers, "retry-after-ms") is { } ms)
        {
            return ms;
        }
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }
            if (retryAfter.Date is { } date && headers.Date is { } sent)
            {
                var wait = date - sent;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }
        return null;
    }

    /// <summary>The next poll the vendor suggests: openai-poll-after-ms, else Retry-After.</summary>
    public static TimeSpan? PollAfter(HttpResponseHeaders headers) => Milliseconds(headers, "openai-poll-after-ms") ?? RetryAfter(headers);

    private static TimeSpan? Milliseconds(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
