using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Durable.Engine;
using Orchestrator.Durable.Engine.Dispatch;
using Orchestrator.Durable.Store;

namespace Orchestrator.Durable.Hosting;

/// <summary>
/// An embedded durable engine on one SQLite file: start it, use <see cref="Client"/>, stop it. Several engines (in
/// one or many processes) may share a file; leases keep each instance and activity with one worker at a time.
/// In an ASP.NET Core or generic host use <see cref="DurableEngineServiceCollectionExtensions.AddDurableEngine(Microsoft.Extensions.DependencyInjection.IServiceCollection, DurableEngineOptions, Action{DurableTaskRegistry})"/>.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly SqliteStore _store;
    private readonly StoreWriter _writer;
    private readonly WalCheckpointer _checkpointer;
    private readonly WorkDispatcher _dispatcher;
    private readonly EngineServices _services;
    private readonly ILogger _logger;
    private int _state; // 0 new, 1 started, 2 stopped

    public DurableEngine(
        DurableEngineOptions options,
        DurableTaskRegistry registry,
        IServiceProvider? services = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Validate();
        Options = options;
        WorkerId = options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<DurableEngine>();
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _store = new SqliteStore(options.DatabasePath, options.SynchronousFull);
        var reader = new StoreReader(_store);
        _services = new EngineServices(options, registry, services ?? new ServiceCollection().BuildServiceProvider(), loggerFactory, time, reader);
        var waiters = new CompletionWaiters();
        _dispatcher = new WorkDispatcher(_services, waiters);
        var settings = new WriterSettings(WorkerId, options.LeaseDuration, options.PollingInterval,
            options.MaxLocalActivityBacklog, options.MaxActivityDeliveries, options.RunWorkers);
        _writer = new StoreWriter(_store, settings, _dispatcher, time, _logger);
        _services.Writer = _writer;
        _checkpointer = new WalCheckpointer(_store, TimeSpan.FromSeconds(1));
        Client = new DurableEngineClient(_services, waiters);
    }

    public DurableEngineOptions Options { get; }

    /// <summary>This engine's lease owner id.</summary>
    public string WorkerId { get; }

    /// <summary>The client for this engine's store (usable once started).</summary>
    public DurableEngineClient Client { get; }

    /// <summary>SQLite write transactions committed by this engine so far.</summary>
    public long CommitCount => _writer.CommitCount;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The engine was already started.");
        }
        _writer.Start();
        _checkpointer.Start();
        if (Options.RunWorkers)
        {
            _dispatcher.Start();
        }
        EngineLog.Started(_logger, WorkerId, Options.DatabasePath);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking work and lets running steps and activities finish until <paramref name="cancellationToken"/> fires
    /// (a host's shutdown timeout); activities that did not finish are redelivered to the next worker.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }
        _writer.StopClaiming();
        await _dispatcher.StopAsync(cancellationToken);
        if (Options.RunWorkers)
        {
            try
            {
                await _writer.Submit(new ReleaseAllLeasesOp());
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The leases then simply expire after LeaseDuration.
            }
        }
        _writer.Dispose();
        _checkpointer.Dispose();
        EngineLog.Stopped(_logger, WorkerId);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _writer.Dispose();
        _checkpointer.Dispose();
        _dispatcher.Dispose();
        _store.Dispose();
    }
}
