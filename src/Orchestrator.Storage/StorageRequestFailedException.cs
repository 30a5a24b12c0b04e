using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage;

/// <summary>
/// A failed Azure Storage request: the HTTP status, the service's error code (e.g. BlobAlreadyExists, UpdateConditionNotSatisfied)
/// and the request id the service logged it under. Derives from Azure.Core's <see cref="RequestFailedException"/>, as the
/// Azure SDK's own clients throw, so callers written against either catch the same type.
/// </summary>
public class StorageRequestFailedException : RequestFailedException
{
    public StorageRequestFailedException(Response response)
        : base(response, null, StorageErrorParser.Instance)
    {
        RequestId = response.Headers.RequestId;
    }

    protected StorageRequestFailedException(int status, string message, string? errorCode, string? requestId)
        : base(status, message, errorCode, null)
    {
        RequestId = requestId;
    }

    /// <summary>The service's x-ms-request-id, for correlating with its logs.</summary>
    public string? RequestId { get; }

    /// <summary>409: the thing exists already or is being changed by someone else (e.g. BlobAlreadyExists, EntityAlreadyExists).</summary>
    public bool IsConflict => Status == 409;

    /// <summary>412: a condition failed (a stale ETag, If-None-Match on something that exists).</summary>
    public bool IsPreconditionFailed => Status == 412;

    /// <summary>404: the container, blob, table, entity, queue or message is not there.</summary>
    public bool IsNotFound => Status == 404;
}
