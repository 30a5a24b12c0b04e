using Orchestrator.Core.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>
/// Checks the request's cross-field rules and names (routes, price sources) against the configured catalogs. The HTTP API
/// and the queue listener parse requests before starting jobs; this catches anything started another way.
/// </summary>
public sealed class ValidateJob(JobRequestValidator validator) : TaskActivity<JobRequest, IReadOnlyList<JobRequestError>>
{
    public override Task<IReadOnlyList<JobRequestError>> RunAsync(TaskActivityContext context, JobRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(validator.Validate(input));
    }
}
