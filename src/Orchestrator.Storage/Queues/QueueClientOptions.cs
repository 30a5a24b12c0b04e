namespace Orchestrator.Storage.Queues;

/// <summary>How message text travels on the wire.</summary>
public enum QueueMessageEncoding
{
    /// <summary>UTF-8 then base64: what the Azure Functions queue trigger reads by default, and safe for any text.</summary>
    Base64,

    /// <summary>The text as is (XML-escaped in the request): for queues shared with tools that do not decode.</summary>
    None,
}

/// <summary>Options for <see cref="QueueClient"/>.</summary>
public sealed class QueueClientOptions : StorageClientOptions
{
    public QueueClientOptions(ServiceVersion version = LatestVersion)
        : base(version)
    {
    }

    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}
