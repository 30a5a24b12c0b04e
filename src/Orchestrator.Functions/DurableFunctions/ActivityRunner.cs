using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Functions.DurableFunctions;

/// <summary>
/// Runs a workflow activity class inside its activity function: the class is created from the worker's services (its
/// constructor takes what AddJobWorkflowServices registered) and gets a <see cref="TaskActivityContext"/> naming the
/// activity and its orchestration, the shape durabletask-dotnet's generator gives class-based activities in Functions.
/// </summary>
internal static class ActivityRunner
{
    public static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(function);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(function.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(function.FunctionDefinition.Name, instanceId), input);
    }

    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
