using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Routing;

namespace Orchestrator.Vendors;

/// <summary>
/// One submission: the job, the route chosen for it, a key stable across replays and crashes for this attempt (e.g.
/// "{instanceId}-a{attempt}"), and the plain webhook endpoint (the adapter signs it where the vendor does not sign calls).
/// </summary>
public sealed record SubmitRequest(JobRequest Job, RouteDefinition Route, string SubmissionKey, Uri? WebhookUrl = null)
{
    /// <summary>The route's model and endpoint for the job's input mode.</summary>
    public RouteModel Model => Route.ModelFor(Job.InputMode)
        ?? throw new InvalidOperationException($"Route {Route.Id} does not take {WireNames.Of(Job.InputMode)} input.");
}

public enum SubmitOutcome
{
    /// <summary>The vendor accepted the job: <see cref="SubmitResult.Job"/> is set.</summary>
    Accepted,

    /// <summary>The vendor refused it (validation, safety, auth, account): no job exists; do not repeat as is.</summary>
    Rejected,

    /// <summary>Certainly not submitted (throttled, circuit open, connection refused): submit again later or fail over.</summary>
    NotSubmitted,

    /// <summary>The request may have reached the vendor (timeout, 5xx, connection lost): reconcile before anything else.</summary>
    Uncertain,
}

/// <summary>What a submit did. <see cref="RetryAfter"/> is the vendor's hint for <see cref="SubmitOutcome.NotSubmitted"/>.</summary>
public sealed record SubmitResult(SubmitOutcome Outcome, VendorJobRef? Job = null, VendorFailure? Failure = null, TimeSpan? RetryAfter = null)
{
    public static SubmitResult Accepted(VendorJobRef job) => new(SubmitOutcome.Accepted, job);
}

/// <summary>The answer of <see cref="IVideoVendorClient.FindSubmittedAsync"/>.</summary>
/// <param name="Found">The job the submission created, when one was found.</param>
/// <param name="Conclusive">True when "not found" can be trusted (an exact lookup answered); false when the vendor cannot tell.</param>
/// <param name="Note">How the lookup was done, for the job's history.</param>
public sealed record SubmissionLookup(VendorJobRef? Found, bool Conclusive, string Note);
