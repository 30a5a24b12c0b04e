namespace Orchestrator.Storage.Pipeline;

/// <summary>The three services differ in how Shared Key signs a request and how a resource URI is built.</summary>
internal enum StorageService
{
    Blob,
    Queue,
    Table,
}
