namespace Orchestrator.Host;

/// <summary>
/// One readable line for a failed storage call, for logs and health answers. Azure.Core's retry policy ends with an
/// AggregateException whose message repeats every try's error and advice on retry settings; the line keeps the distinct causes.
/// </summary>
public static class StorageFailure
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AggregateException aggregate)
        {
            var tries = aggregate.Flatten().InnerExceptions;
            return $"{string.Join("; ", tries.Select(inner => inner.Message).Distinct(StringComparer.Ordinal))} ({tries.Count} tries)";
        }
        return exception.Message;
    }
}
