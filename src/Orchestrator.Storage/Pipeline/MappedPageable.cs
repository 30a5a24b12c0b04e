namespace Orchestrator.Storage.Pipeline;

/// <summary>An <see cref="AsyncPageable{T}"/> whose items are another pageable's, converted; pages and continuation tokens pass through.</summary>
internal sealed class MappedPageable<TSource, T>(AsyncPageable<TSource> source, Func<TSource, T> map) : AsyncPageable<T>
    where TSource : notnull
    where T : notnull
{
    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        await foreach (var page in source.AsPages(continuationToken, pageSizeHint).ConfigureAwait(false))
        {
            yield return Page<T>.FromValues(page.Values.Select(map).ToList(), page.ContinuationToken, page.GetRawResponse());
        }
    }
}
