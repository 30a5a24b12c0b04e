using Azure;

namespace Orchestrator.Storage.Pipeline;

/// <summary>
/// An Azure.Core <see cref="AsyncPageable{T}"/> over a service that pages with an opaque continuation token: callers can
/// enumerate items, enumerate pages, or resume from a saved token with <c>AsPages(token)</c>.
/// </summary>
internal sealed class ContinuationPageable<T>(
    Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage,
    CancellationToken cancellationToken) : AsyncPageable<T>(cancellationToken)
    where T : notnull
{
    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            var page = await fetchPage(continuationToken, pageSizeHint, CancellationToken).ConfigureAwait(false);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }
}
