using System.Collections.Concurrent;
using System.Reflection;

namespace Orchestrator.Durable.Entities;

/// <summary>Finds the public method that implements an entity operation and binds its parameters.</summary>
internal static class EntityMethodBinder
{
    private static readonly ConcurrentDictionary<(Type, string), MethodInfo?> Methods = new();

    public static bool TryBind(object target, TaskEntityOperation operation, out Func<Task<object?>>? invoke)
    {
        MethodInfo? method = Methods.GetOrAdd((target.GetType(), operation.Name.ToUpperInvariant()), key => Find(key.Item1, operation.Name));
        if (method is null)
        {
            invoke = null;
            return false;
        }
        object?[] args = method.GetParameters().Select(p => Argument(p, operation)).ToArray();
        invoke = () => Unwrap(method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, args, null), method.ReturnType);
        return true;
    }

    private static MethodInfo? Find(Type type, string name)
    {
        MethodInfo[] candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType != typeof(object) && !m.IsSpecialName
                && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)
                && m.Name != nameof(ITaskEntity.RunAsync))
            .ToArray();
        return candidates.Length switch
        {
            0 => null,
            1 => candidates[0],
            _ => throw new AmbiguousMatchException($"Entity {type.Name} has {candidates.Length} public methods named '{name}'."),
        };
    }

    private static object? Argument(ParameterInfo parameter, TaskEntityOperation operation)
    {
        if (parameter.ParameterType == typeof(TaskEntityContext))
        {
            return operation.Context;
        }
        if (parameter.ParameterType == typeof(TaskEntityOperation))
        {
            return operation;
        }
        if (operation.HasInput)
        {
            return operation.GetInput(parameter.ParameterType);
        }
        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }
        throw new InvalidOperationException($"Operation {operation} expects an input for parameter '{parameter.Name}', but none was provided.");
    }

    private static async Task<object?> Unwrap(object? returned, Type declared)
    {
        switch (returned)
        {
            case Task task:
                await task;
                return declared.IsGenericType ? declared.GetProperty("Result")!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)declared.GetMethod("AsTask")!.Invoke(returned, null)!;
                    await asTask;
                    return asTask.GetType().GetProperty("Result")!.GetValue(asTask);
                }
                return returned;
        }
    }
}
