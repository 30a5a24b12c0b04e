using Microsoft.Azure.Functions.Worker;
using Orchestrator.Workflow;
using Orchestrator.Workflow.Budgets;

namespace Orchestrator.Functions.DurableFunctions;

/// <summary>The team budget entity as an entity function: each operation is dispatched to the workflow's TeamBudget.</summary>
public static class TeamBudgetFunction
{
    [Function(WorkflowNames.TeamBudgetEntity)]
    public static Task RunAsync([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<TeamBudget>();
    }
}
