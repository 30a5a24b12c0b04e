namespace Orchestrator.Storage.Tables;

/// <summary>
/// One table entity: its keys, its properties as Edm values (string, bool, int, long, double, Guid, DateTimeOffset, byte[];
/// decimal is accepted and stored as its exact string), and, when read from the service, its ETag and Timestamp.
/// For records, <see cref="TableEntityMapper{T}"/> does the mapping.
/// </summary>
public sealed record TableEntity(string PartitionKey, string RowKey, IReadOnlyDictionary<string, object> Properties)
{
    public TableEntity(string partitionKey, string rowKey)
        : this(partitionKey, rowKey, new Dictionary<string, object>())
    {
    }

    /// <summary>The version the service holds; pass it back as If-Match for an optimistic update or delete.</summary>
    public ETag ETag { get; init; }

    /// <summary>When the service last wrote the entity (set by the service, never sent).</summary>
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>How an update treats the properties already stored: keep those the new entity does not name (Merge), or drop them (Replace).</summary>
public enum TableUpdateMode
{
    Merge,
    Replace,
}

/// <summary>The result of one operation of a transaction.</summary>
public sealed record TableTransactionResult(int Status, ETag ETag);
