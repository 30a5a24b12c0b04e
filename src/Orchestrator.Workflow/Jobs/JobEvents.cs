using Orchestrator.Vendors;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// The payload of <see cref="WorkflowNames.VendorUpdateEvent"/>: a verified webhook for one attempt of one run of the job
/// (<see cref="JobRunId.RunId"/>). It is a hint to poll now; the status the job acts on comes from the vendor's API.
/// </summary>
public sealed record VendorUpdate(string RunId, int Attempt, string Vendor, string? VendorJobId, string EventType, VendorJobState? State, string DeliveryId);

/// <summary>The payload of <see cref="WorkflowNames.CancelEvent"/>.</summary>
public sealed record CancelRequest(string Reason, string? RequestedBy = null);
