namespace Orchestrator.Workflow;

/// <summary>
/// The names the workflow is registered and addressed by: the orchestrations, the budget entity and the external events.
/// Activities are registered under their class names (nameof(SubmitToVendor), ...). Hosts (the local engine, the Azure
/// Functions app) register the classes under exactly these names.
/// </summary>
public static class WorkflowNames
{
    /// <summary>The job orchestration: one instance per job.</summary>
    public const string JobOrchestration = nameof(JobOrchestration);

    /// <summary>Releases what a job run that ended without settling (terminated, failed, purged) still holds: one instance per run.</summary>
    public const string ReleaseJobHolds = nameof(ReleaseJobHolds);

    /// <summary>The budget entity; keys are a team ("studio-a") or a team and environment ("studio-a:sandbox").</summary>
    public const string TeamBudgetEntity = "TeamBudget";

    /// <summary>Raised by a verified vendor webhook: a hint to poll the vendor now. Payload: <see cref="Jobs.VendorUpdate"/>.</summary>
    public const string VendorUpdateEvent = "VendorUpdate";

    /// <summary>Asks a running job to stop: cancel at the vendor, bill per rule, release the rest. Payload: <see cref="Jobs.CancelRequest"/>.</summary>
    public const string CancelEvent = "CancelJob";
}
