namespace Orchestrator.Storage.Tables;

/// <summary>
/// The table operations the application uses, on one table. The seam the rest of the app depends on: implemented here by
/// <see cref="TableClient"/> on Azure.Core, and implementable by an adapter over Azure.Data.Tables' TableClient. Typed access
/// (<see cref="TypedTableClient{T}"/>) is built on this interface, so it works over either.
/// </summary>
public interface ITableClient
{
    /// <summary>The table's name.</summary>
    string Name { get; }

    /// <summary>Creates the table. The value is true if this call created it, false if it existed.</summary>
    Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a new entity; 409 EntityAlreadyExists if its keys are taken. The value is the new ETag.</summary>
    Task<Response<ETag>> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts or updates unconditionally (Merge keeps stored properties the entity does not name; Replace drops them).</summary>
    Task<Response<ETag>> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Updates an existing entity only if it still has <paramref name="ifMatch"/> (default: any version); 412 UpdateConditionNotSatisfied otherwise.</summary>
    Task<Response<ETag>> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Reads one entity; 404 ResourceNotFound if absent.</summary>
    Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an entity if it still has <paramref name="ifMatch"/> (default: any version).</summary>
    Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default);

    /// <summary>Queries with an OData $filter (build it with <see cref="TableFilter"/>), $select, and $top per page; pages resume from a continuation token.</summary>
    AsyncPageable<TableEntity> QueryAsync(string? filter = null, IEnumerable<string>? selectProperties = null, int? maxPerPage = null, CancellationToken cancellationToken = default);

    /// <summary>Applies up to 100 operations on one partition atomically: all of them, or none (<see cref="TableTransactionFailedException"/>).</summary>
    Task<Response<IReadOnlyList<TableTransactionResult>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default);
}
