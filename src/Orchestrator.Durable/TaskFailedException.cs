namespace Orchestrator.Durable;

/// <summary>Thrown in an orchestration when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails ?? throw new ArgumentNullException(nameof(failureDetails));
    }

    /// <summary>The name of the failed task.</summary>
    public string TaskName { get; }

    /// <summary>The sequence id of the failed task in the orchestration's history.</summary>
    public int TaskId { get; }

    /// <summary>What went wrong.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
