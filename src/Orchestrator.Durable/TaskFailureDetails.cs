using System.Reflection;

namespace Orchestrator.Durable;

/// <summary>Details of a failed activity, sub-orchestration, entity operation or orchestration.</summary>
/// <param name="ErrorType">The namespace-qualified exception type name.</param>
/// <param name="ErrorMessage">The failure message.</param>
/// <param name="StackTrace">The stack trace, when known.</param>
/// <param name="InnerFailure">The inner cause.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
{
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";

    /// <summary>True if the failure was an exception of type <typeparamref name="T"/> or a type derived from it.</summary>
    public bool IsCausedBy<T>() where T : Exception => IsCausedBy(typeof(T));

    /// <inheritdoc cref="IsCausedBy{T}"/>
    public bool IsCausedBy(Type targetBaseExceptionType)
    {
        ArgumentNullException.ThrowIfNull(targetBaseExceptionType);
        if (!typeof(Exception).IsAssignableFrom(targetBaseExceptionType))
        {
            throw new ArgumentException($"The type {targetBaseExceptionType} is not an exception type.", nameof(targetBaseExceptionType));
        }
        Type? failed = ResolveType(ErrorType, targetBaseExceptionType.Assembly);
        return failed is not null && targetBaseExceptionType.IsAssignableFrom(failed);
    }

    /// <summary>Captures an exception (and its inner exceptions).</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException));
    }

    private static Type? ResolveType(string name, Assembly hint)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        return Type.GetType(name, throwOnError: false)
            ?? hint.GetType(name, throwOnError: false)
            ?? AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => a.GetType(name, throwOnError: false))
                .FirstOrDefault(t => t is not null);
    }
}
