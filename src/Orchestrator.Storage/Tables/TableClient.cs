using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Tables;

/// <summary>
/// A table on Azure Table Storage or Azurite, over Azure.Core's HttpPipeline (retries including 503/500 ServerBusy, logging,
/// tracing, cancellation), speaking JSON with minimal metadata. Authenticates with the account key (Shared Key) or any
/// Microsoft Entra ID <see cref="TokenCredential"/>. Thread-safe; create one per table and reuse it.
/// </summary>
public sealed class TableClient : ITableClient
{
    private const string JsonMinimalMetadata = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod Merge = new("MERGE");
    private readonly StorageResource _table;

    /// <summary>From a connection string (e.g. UseDevelopmentStorage=true).</summary>
    public TableClient(string connectionString, string tableName, StorageClientOptions? options = null)
        : this(StorageResource.FromConnectionString(connectionString, StorageService.Table, StorageNames.Table(tableName), options ?? new()))
    {
    }

    /// <summary>From the table's URI (service endpoint + "/" + table name) and the account key.</summary>
    public TableClient(Uri tableUri, AzureNamedKeyCredential credential, StorageClientOptions? options = null)
        : this(StorageResource.FromSharedKey(tableUri, credential, StorageService.Table, options ?? new()))
    {
    }

    /// <summary>From the table's URI and a Microsoft Entra ID credential (e.g. DefaultAzureCredential). Requires https.</summary>
    public TableClient(Uri tableUri, TokenCredential credential, StorageClientOptions? options = null)
        : this(StorageResource.FromToken(tableUri, credential, options ?? new()))
    {
    }

    private TableClient(StorageResource table) => _table = table;

    public string Name => _table.Name;

    public Uri Uri => _table.Uri;

    private Uri ServiceUri => new(_table.Uri, ".");

    public async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, ServiceUri, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        try
        {
            return Response.FromValue(true, await _table.SendAsync(message, cancellationToken).ConfigureAwait(false));
        }
        catch (StorageRequestFailedException e) when (e.ErrorCode == "TableAlreadyExists")
        {
            return Response.FromValue(false, e.GetRawResponse()!);
        }
    }

    public Task<Response<ETag>> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        SendEntityAsync(TableTransactionActionType.Add, entity, default, cancellationToken);

    public Task<Response<ETag>> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        SendEntityAsync(mode == TableUpdateMode.Merge ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace, entity, default, cancellationToken);

    public Task<Response<ETag>> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        SendEntityAsync(mode == TableUpdateMode.Merge ? TableTransactionActionType.UpdateMerge : TableTransactionActionType.UpdateReplace, entity, ifMatch, cancellationToken);

    public async Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, _table.Uri, EntityPath(partitionKey, rowKey));
        AppendSelect(message.Request, selectProperties);
        var response = await _table.SendAsync(message, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(response.Content);
        return Response.FromValue(TableEntityJson.Deserialize(json.RootElement, response.Headers.ETag ?? default), response);
    }

    public async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, _table.Uri, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", IfMatch(ifMatch));
        return await _table.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public AsyncPageable<TableEntity> QueryAsync(string? filter = null, IEnumerable<string>? selectProperties = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        var select = selectProperties?.ToList();
        return new ContinuationPageable<TableEntity>(async (continuation, pageSize, ct) =>
        {
            using var message = CreateMessage(RequestMethod.Get, _table.Uri, "()");
            if (!string.IsNullOrEmpty(filter))
            {
                message.Request.Uri.AppendQuery("$filter", filter);
            }
            AppendSelect(message.Request, select);
            if ((pageSize ?? maxPerPage) is { } top)
            {
                message.Request.Uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture));
            }
            if (continuation is not null)
            {
                var keys = continuation.Split(' ');
                message.Request.Uri.AppendQuery("NextPartitionKey", keys[0]);
                if (keys.Length > 1)
                {
                    message.Request.Uri.AppendQuery("NextRowKey", keys[1]);
                }
            }
            var response = await _table.SendAsync(message, ct).ConfigureAwait(false);
            using var json = JsonDocument.Parse(response.Content);
            var entities = json.RootElement.GetProperty("value").EnumerateArray().Select(e => TableEntityJson.Deserialize(e)).ToList();
            return Page<TableEntity>.FromValues(entities, ContinuationToken(response), response);
        }, cancellationToken);
    }

    public async Task<Response<IReadOnlyList<TableTransactionResult>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var batch = new TableTransactionBatch(actions.ToList());
        using var message = CreateMessage(RequestMethod.Post, ServiceUri, "$batch");
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Encode(_table.Uri, BuildRequestLine));
        var response = await _table.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(TableTransactionBatch.ReadResults(response), response);
    }

    private async Task<Response<ETag>> SendEntityAsync(TableTransactionActionType action, TableEntity entity, ETag ifMatch, CancellationToken cancellationToken)
    {
        var (method, path, headers) = BuildRequestLine(new TableTransactionAction(action, entity, ifMatch));
        using var message = CreateMessage(method, _table.Uri, path);
        foreach (var (name, value) in headers)
        {
            message.Request.Headers.SetValue(name, value);
        }
        message.Request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
        var response = await _table.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Headers.ETag ?? default, response);
    }

    /// <summary>The method, the path below the table (null: the table itself) and the headers of one entity operation.</summary>
    private (RequestMethod Method, string? Path, IReadOnlyList<(string Name, string Value)> Headers) BuildRequestLine(TableTransactionAction action)
    {
        var entity = action.Entity;
        var json = ("Content-Type", "application/json");
        var ifMatch = ("If-Match", IfMatch(action.IfMatch));
        return action.ActionType switch
        {
            TableTransactionActionType.Add => (RequestMethod.Post, null, [json, ("Prefer", "return-no-content")]),
            TableTransactionActionType.UpsertMerge => (Merge, EntityPath(entity.PartitionKey, entity.RowKey), [json]),
            TableTransactionActionType.UpsertReplace => (RequestMethod.Put, EntityPath(entity.PartitionKey, entity.RowKey), [json]),
            TableTransactionActionType.UpdateMerge => (Merge, EntityPath(entity.PartitionKey, entity.RowKey), [json, ifMatch]),
            TableTransactionActionType.UpdateReplace => (RequestMethod.Put, EntityPath(entity.PartitionKey, entity.RowKey), [json, ifMatch]),
            TableTransactionActionType.Delete => (RequestMethod.Delete, EntityPath(entity.PartitionKey, entity.RowKey), [ifMatch]),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown table operation."),
        };
    }

    private HttpMessage CreateMessage(RequestMethod method, Uri baseUri, string? path)
    {
        var message = _table.CreateMessage(method);
        message.Request.Uri.Reset(baseUri);
        if (path is not null)
        {
            message.Request.Uri.AppendPath(path, escape: false);
        }
        message.Request.Headers.SetValue("Accept", JsonMinimalMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private static void AppendSelect(Request request, IEnumerable<string>? selectProperties)
    {
        if (selectProperties is not null && selectProperties.Any())
        {
            request.Uri.AppendQuery("$select", string.Join(',', selectProperties));
        }
    }

    // Keys go in the path as OData string literals: quotes doubled, then percent-encoded.
    internal static string EntityPath(string partitionKey, string rowKey) =>
        $"(PartitionKey='{Uri.EscapeDataString(partitionKey.Replace("'", "''", StringComparison.Ordinal))}',RowKey='{Uri.EscapeDataString(rowKey.Replace("'", "''", StringComparison.Ordinal))}')";

    private static string IfMatch(ETag etag) => etag == default || etag == ETag.All ? "*" : etag.ToString("H");

    private static string? ContinuationToken(Response response)
    {
        response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partition);
        response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var row);
        return string.IsNullOrEmpty(partition) ? null : string.IsNullOrEmpty(row) ? partition : partition + " " + row;
    }
}
