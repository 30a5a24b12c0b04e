using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.DurableFunctions;

/// <summary>
/// The workflow's job service for one invocation. Durable Functions hands each function its own DurableTaskClient
/// ([DurableClient]) instead of registering one, so JobService is built per call around it, with everything else from
/// the worker's services.
/// </summary>
internal static class FunctionJobs
{
    public static JobService For(FunctionContext function, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(client);
        return ActivatorUtilities.CreateInstance<JobService>(function.InstanceServices, client);
    }
}
