using Microsoft.Azure.Functions.Worker;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Activities;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.DurableFunctions;

/// <summary>
/// One activity function per workflow activity, under the class's name (the name the orchestration calls and the local
/// engine registers). Each binds the activity's input type, takes the orchestration's instance id from the trigger's
/// binding data, and runs the workflow class; the signatures repeat the classes' TaskActivity&lt;TInput, TOutput&gt;.
/// </summary>
public static class ActivityFunctions
{
    [Function(nameof(ValidateJob))]
    public static Task<IReadOnlyList<JobRequestError>> ValidateJob([ActivityTrigger] JobRequest input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ValidateJob, JobRequest, IReadOnlyList<JobRequestError>>(input, instanceId, function);

    [Function(nameof(ModerateJob))]
    public static Task<ModerationVerdict> ModerateJob([ActivityTrigger] JobRequest input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ModerateJob, JobRequest, ModerationVerdict>(input, instanceId, function);

    [Function(nameof(RouteJob))]
    public static Task<RoutePlan> RouteJob([ActivityTrigger] RouteJobInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<RouteJob, RouteJobInput, RoutePlan>(input, instanceId, function);

    [Function(nameof(SubmitToVendor))]
    public static Task<SubmitAttemptResult> SubmitToVendor([ActivityTrigger] SubmitAttemptInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SubmitToVendor, SubmitAttemptInput, SubmitAttemptResult>(input, instanceId, function);

    [Function(nameof(FindSubmission))]
    public static Task<SubmissionLookup> FindSubmission([ActivityTrigger] FindSubmissionInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<FindSubmission, FindSubmissionInput, SubmissionLookup>(input, instanceId, function);

    [Function(nameof(PollVendorJob))]
    public static Task<VendorJobStatus> PollVendorJob([ActivityTrigger] VendorJobRef input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<PollVendorJob, VendorJobRef, VendorJobStatus>(input, instanceId, function);

    [Function(nameof(CancelVendorJob))]
    public static Task<VendorCancelResult> CancelVendorJob([ActivityTrigger] VendorJobRef input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CancelVendorJob, VendorJobRef, VendorCancelResult>(input, instanceId, function);

    [Function(nameof(StoreVideo))]
    public static Task<StoreVideoResult> StoreVideo([ActivityTrigger] StoreVideoInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<StoreVideo, StoreVideoInput, StoreVideoResult>(input, instanceId, function);

    [Function(nameof(CheckProvenance))]
    public static Task<ProvenanceSummary> CheckProvenance([ActivityTrigger] ProvenanceCheckInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CheckProvenance, ProvenanceCheckInput, ProvenanceSummary>(input, instanceId, function);

    [Function(nameof(RecordCost))]
    public static Task<CostLine> RecordCost([ActivityTrigger] CostRowInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<RecordCost, CostRowInput, CostLine>(input, instanceId, function);

    [Function(nameof(FindCostRow))]
    public static Task<CostLine?> FindCostRow([ActivityTrigger] CostRowLookup input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<FindCostRow, CostRowLookup, CostLine?>(input, instanceId, function);

    [Function(nameof(CloseSubmission))]
    public static Task<ClosedSubmission> CloseSubmission([ActivityTrigger] CloseSubmissionInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CloseSubmission, CloseSubmissionInput, ClosedSubmission>(input, instanceId, function);
}
