namespace Orchestrator.Workflow.Holds;

/// <summary>
/// Releases the holds of a job whose orchestration ended without settling them (terminated, or failed by a defect): for
/// each attempt still reserved on the team budget or the environment quota, it respects a cost row the job already wrote,
/// closes the attempt to submits, cancels a vendor job at the vendor and books it per the route's billing rule, then
/// settles (or, when nothing reached the vendor, releases) the reservation on each budget holding it. Every step is
/// idempotent, so a second run, or a run after a crash, changes nothing that is done. The steps are in
/// <see cref="HoldReleaseRun"/>; like the job orchestration it needs no constructor dependencies.
/// </summary>
public sealed class ReleaseJobHolds : TaskOrchestrator<HoldReleaseInput, HoldReleaseOutcome>
{
    public override Task<HoldReleaseOutcome> RunAsync(TaskOrchestrationContext context, HoldReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new HoldReleaseRun(context, input).RunAsync();
    }
}
