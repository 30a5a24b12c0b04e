namespace Orchestrator.Durable;

/// <summary>A sequence of values fetched a page at a time.</summary>
public abstract class AsyncPageable<T> : IAsyncEnumerable<T>
    where T : notnull
{
    /// <summary>Enumerates whole pages, starting at <paramref name="continuationToken"/>.</summary>
    public abstract IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = default, int? pageSizeHint = default);

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (Page<T> page in AsPages().WithCancellation(cancellationToken))
        {
            foreach (T value in page.Values)
            {
                yield return value;
            }
        }
    }
}

/// <summary>One page of results and the token for the next page (null on the last page).</summary>
public sealed class Page<T>(IReadOnlyList<T> values, string? continuationToken = null)
    where T : notnull
{
    public IReadOnlyList<T> Values { get; } = values ?? throw new ArgumentNullException(nameof(values));

    public string? ContinuationToken { get; } = continuationToken;
}

/// <summary>Builds an <see cref="AsyncPageable{T}"/> from a page-fetching function.</summary>
public static class Pageable
{
    public static AsyncPageable<T> Create<T>(Func<string?, int?, CancellationToken, Task<Page<T>>> pageFunc)
        where T : notnull => new FuncAsyncPageable<T>(pageFunc);

    private sealed class FuncAsyncPageable<T>(Func<string?, int?, CancellationToken, Task<Page<T>>> pageFunc) : AsyncPageable<T>
        where T : notnull
    {
        public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = default, int? pageSizeHint = default)
        {
            string? token = continuationToken;
            do
            {
                Page<T> page = await pageFunc(token, pageSizeHint, CancellationToken.None);
                yield return page;
                token = page.ContinuationToken;
            }
            while (token is not null);
        }
    }
}
