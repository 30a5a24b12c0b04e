using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Tables;

/// <summary>
/// A table of records of one type (e.g. cost rows), mapped by <see cref="TableEntityMapper{T}"/>, over any
/// <see cref="ITableClient"/> (ours on Azure.Core, or an adapter over Azure.Data.Tables).
/// </summary>
public sealed class TypedTableClient<T>(ITableClient table, TableEntityMapper<T>? mapper = null)
    where T : notnull
{
    private readonly TableEntityMapper<T> _mapper = mapper ?? new TableEntityMapper<T>();

    public ITableClient Table { get; } = table ?? throw new ArgumentNullException(nameof(table));

    public TableEntityMapper<T> Mapper => _mapper;

    /// <summary>Inserts; 409 EntityAlreadyExists if the keys are taken (so a retried write of the same row is detectable).</summary>
    public Task<Response<ETag>> AddAsync(T row, CancellationToken cancellationToken = default) =>
        Table.AddEntityAsync(_mapper.ToEntity(row), cancellationToken);

    /// <summary>Inserts or overwrites; Replace by default, since a typed row is the whole record (columns it lacks should not linger).</summary>
    public Task<Response<ETag>> UpsertAsync(T row, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(_mapper.ToEntity(row), mode, cancellationToken);

    /// <summary>Overwrites the row only if it still has <paramref name="ifMatch"/> (read it with <see cref="GetAsync"/>: its ETag property).</summary>
    public Task<Response<ETag>> UpdateAsync(T row, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default) =>
        Table.UpdateEntityAsync(_mapper.ToEntity(row), ifMatch, mode, cancellationToken);

    public async Task<Response<T>> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var entity = await Table.GetEntityAsync(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Response.FromValue(_mapper.FromEntity(entity.Value), entity.GetRawResponse());
    }

    public Task<Response> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) =>
        Table.DeleteEntityAsync(partitionKey, rowKey, ifMatch, cancellationToken);

    /// <summary>Rows matching an OData filter (see <see cref="TableFilter"/>), page by page.</summary>
    public AsyncPageable<T> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        new MappedPageable<TableEntity, T>(Table.QueryAsync(filter, null, maxPerPage, cancellationToken), _mapper.FromEntity);

    /// <summary>Writes rows of one partition atomically (e.g. a job's cost rows); every action is built from <paramref name="rows"/> the same way.</summary>
    public Task<Response<IReadOnlyList<TableTransactionResult>>> SubmitTransactionAsync(
        IEnumerable<T> rows, TableTransactionActionType actionType = TableTransactionActionType.Add, CancellationToken cancellationToken = default) =>
        Table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(actionType, _mapper.ToEntity(row))), cancellationToken);
}
