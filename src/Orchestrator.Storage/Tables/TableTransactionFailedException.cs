namespace Orchestrator.Storage.Tables;

/// <summary>
/// An entity group transaction was refused as a whole: nothing of it was applied. <see cref="FailedActionIndex"/> names the
/// operation the service rejected (when it says), and Status / ErrorCode are that operation's (e.g. 409 EntityAlreadyExists).
/// </summary>
public sealed class TableTransactionFailedException : StorageRequestFailedException
{
    internal TableTransactionFailedException(int status, string? errorCode, string message, string? requestId, int? failedActionIndex)
        : base(status, $"The transaction was refused as a whole; operation {failedActionIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} failed with {status} {errorCode}: {message}", errorCode, requestId)
    {
        FailedActionIndex = failedActionIndex;
    }

    /// <summary>The zero-based index of the failing operation in the list that was submitted.</summary>
    public int? FailedActionIndex { get; }
}
