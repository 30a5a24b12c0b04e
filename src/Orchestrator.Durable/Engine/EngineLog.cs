using Microsoft.Extensions.Logging;

namespace Orchestrator.Durable.Engine;

/// <summary>The engine's log messages.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Error, "A write transaction of {Count} operations failed; each operation's caller retries it.")]
    public static partial void WriteFailed(ILogger logger, Exception error, int count);

    [LoggerMessage(2, LogLevel.Warning, "A step of '{InstanceId}' failed and will be retried from the store.")]
    public static partial void StepFailed(ILogger logger, Exception error, string instanceId);

    [LoggerMessage(3, LogLevel.Warning, "Activity '{Name}' of '{InstanceId}' (task {TaskId}) could not record its result; it will be redelivered.")]
    public static partial void ActivityResultFailed(ILogger logger, Exception error, string name, string instanceId, int taskId);

    [LoggerMessage(4, LogLevel.Information, "Durable engine {WorkerId} started on {DatabasePath}.")]
    public static partial void Started(ILogger logger, string workerId, string databasePath);

    [LoggerMessage(5, LogLevel.Information, "Durable engine {WorkerId} stopped.")]
    public static partial void Stopped(ILogger logger, string workerId);
}
