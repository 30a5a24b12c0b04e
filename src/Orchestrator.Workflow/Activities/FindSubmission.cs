using Orchestrator.Core.Routing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Configuration;

namespace Orchestrator.Workflow.Activities;

/// <summary>An uncertain submit to look for, and when its intent was recorded (the vendor's listing is searched from there).</summary>
public sealed record FindSubmissionInput(SubmitAttemptInput Attempt, DateTimeOffset IntentAt);

/// <summary>
/// Looks for the job an uncertain submit may have created (Luma and BytePlus by our signed callback URL, Kling by its
/// external id, OpenAI by content); a job found is recorded in the intent log as the attempt's answer.
/// </summary>
public sealed class FindSubmission(VendorClients vendors, RouteCatalog routes, SubmissionLog log, WorkflowOptions options, TimeProvider time)
    : TaskActivity<FindSubmissionInput, SubmissionLookup>
{
    public override async Task<SubmissionLookup> RunAsync(TaskActivityContext context, FindSubmissionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var attempt = input.Attempt;
        var request = attempt.ToVendorRequest(routes, options);
        var lookup = await vendors.For(request.Route).FindSubmittedAsync(request, input.IntentAt, CancellationToken.None).ConfigureAwait(false);
        if (lookup.Found is { } job)
        {
            await log.RecordAcceptedAsync(attempt.Run, attempt.Attempt, job, $"found after an uncertain submit: {lookup.Note}", time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        return lookup;
    }
}
