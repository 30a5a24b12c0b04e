using Orchestrator.Storage.Blobs;
using Orchestrator.Storage.Queues;
using Orchestrator.Workflow.Configuration;

namespace Orchestrator.Host.BulkQueue;

/// <summary>
/// The bulk queue, its poison queue ("{name}-poison") and the container of the same name that keeps whole the bodies too
/// large to travel inside a poison message, all on the workflow's storage account.
/// </summary>
public sealed record BulkQueues(IQueueClient Queue, IQueueClient Poison, IBlobContainer PoisonOverflow)
{
    public static BulkQueues From(StorageOptions storage, BulkQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        var connection = storage.ConnectionString ?? throw new InvalidOperationException(
            $"The bulk queue needs {StorageOptions.SectionName}:ConnectionString (or set {BulkQueueOptions.SectionName}:Enabled to false).");
        var poisonName = PoisonMessageHandler.NameFor(options.QueueName);
        return new BulkQueues(new QueueClient(connection, options.QueueName), new QueueClient(connection, poisonName), new BlobContainerClient(connection, poisonName));
    }

    /// <summary>Registers the options (validated), the queues, the handler and, when enabled, the listener.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(BulkQueueOptions.SectionName).Get<BulkQueueOptions>() ?? new BulkQueueOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(BulkQueueOptions.SectionName, typeof(BulkQueueOptions), problems);
        }
        services.AddSingleton(options);
        services.AddSingleton(sp => From(sp.GetRequiredService<StorageOptions>(), options));
        services.AddSingleton<BulkMessageHandler>();
        if (options.Enabled)
        {
            services.AddHostedService<BulkQueueListener>();
        }
    }
}
