using System.Collections.Concurrent;
using Azure.Core;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Storage;
using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Tables;

namespace Orchestrator.Workflow.Configuration;

/// <summary>
/// The workflow's storage: one video container per environment, the cost, submission and webhook delivery tables, each created
/// on first use (a failed creation is retried on the next use).
/// </summary>
public sealed class WorkflowStorage
{
    private readonly StorageOptions storage;
    private readonly TokenCredential? credential;
    private readonly StorageClientOptions clientOptions;
    private readonly ConcurrentDictionary<string, Lazy<Task>> created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IBlobContainer> containers = new(StringComparer.Ordinal);

    public WorkflowStorage(WorkflowOptions options, StorageOptions storage, TokenCredential? credential = null, StorageClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        Options = options;
        this.storage = storage;
        this.credential = credential;
        this.clientOptions = clientOptions ?? new StorageClientOptions();
        if (storage.ConnectionString is null && (storage.BlobServiceUri is null || storage.TableServiceUri is null || credential is null))
        {
            throw new ArgumentException($"{StorageOptions.SectionName}: set ConnectionString, or BlobServiceUri and TableServiceUri with a TokenCredential registered.");
        }
        Costs = Table(options.CostTable);
        Submissions = Table(options.SubmissionTable);
        WebhookDeliveries = Table(options.WebhookDeliveryTable);
    }

    public WorkflowOptions Options { get; }

    public ITableClient Costs { get; }

    public ITableClient Submissions { get; }

    public ITableClient WebhookDeliveries { get; }

    public static string ContainerName(string prefix, JobEnvironment environment) => $"{prefix}-{WireNames.Of(environment)}";

    /// <summary>The environment's video container, created if missing.</summary>
    public Task<IBlobContainer> VideosAsync(JobEnvironment environment, CancellationToken cancellationToken) =>
        ContainerAsync(ContainerName(Options.VideoContainerPrefix, environment), cancellationToken);

    /// <summary>A container by name (as recorded on a stored video), created if missing.</summary>
    public async Task<IBlobContainer> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        var container = containers.GetOrAdd(name, Container);
        await EnsureAsync("blob:" + name, () => container.CreateIfNotExistsAsync(cancellationToken)).ConfigureAwait(false);
        return container;
    }

    public Task EnsureTableAsync(ITableClient table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        return EnsureAsync("table:" + table.Name, () => table.CreateIfNotExistsAsync(cancellationToken));
    }

    private async Task EnsureAsync(string key, Func<Task> create)
    {
        var creation = created.GetOrAdd(key, _ => new Lazy<Task>(create));
        try
        {
            await creation.Value.ConfigureAwait(false);
        }
        catch
        {
            created.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, creation));
            throw;
        }
    }

    private IBlobContainer Container(string name) => storage.ConnectionString is { } connection
        ? new BlobContainerClient(connection, name, clientOptions)
        : new BlobContainerClient(new Uri(storage.BlobServiceUri!, name), credential!, clientOptions);

    private TableClient Table(string name) => storage.ConnectionString is { } connection
        ? new TableClient(connection, name, clientOptions)
        : new TableClient(new Uri(storage.TableServiceUri!, name), credential!, clientOptions);
}
