namespace Orchestrator.Durable.Store;

/// <summary>
/// One unit of work for the store writer. Ops are grouped into one SQLite transaction (group commit), without
/// savepoints: if an op throws, the whole transaction is rolled back, that op alone fails (its effects dropped with
/// it) and the others are run again in a new transaction (see <see cref="StoreWriter"/>).
/// </summary>
internal abstract class WriteOp
{
    public abstract void Execute(WriteContext context);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>A write op that produces a result for its caller once the transaction has committed.</summary>
internal abstract class WriteOp<T> : WriteOp
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public sealed override void Execute(WriteContext context) => _result = Run(context);

    public sealed override void Complete() => _completion.TrySetResult(_result);

    public sealed override void Fail(Exception error) => _completion.TrySetException(error);

    protected abstract T Run(WriteContext context);
}

/// <summary>The instance is leased by another worker now (our lease expired): the step's work is discarded.</summary>
internal sealed class LeaseLostException(string id) : Exception($"The lease on '{id}' was lost; the work will be redone by its new owner.");
