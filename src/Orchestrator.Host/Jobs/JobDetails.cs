using Orchestrator.Host.Management;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Jobs;

/// <summary>
/// One job as GET /api/jobs/{id} answers: the workflow's view (step, route decision and explanation, attempts with vendor
/// ids and statuses, costs, provenance, timestamps), a read-only link to its delivered clip while it is valid (a clip kept
/// but not delivered is linked for admin keys only), and the management
/// URLs of its instance (status with history, events, terminate, purge, suspend, resume).
/// </summary>
public sealed record JobDetails(JobView Job, Uri? VideoUrl, DateTimeOffset? VideoUrlExpiresAt, CheckStatusPayload Management);
