using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests.Units;

/// <summary>Instance ids from team and idempotency key, derived keys, and submission keys read back from webhooks.</summary>
public sealed class JobInstanceIdTests
{
    private static readonly JobRequest Request = new() { Team = "studio-a", Prompt = "a lighthouse", DurationSeconds = 5 };

    [Fact]
    public void One_key_makes_one_id_per_team_and_the_team_is_its_prefix()
    {
        var id = JobInstanceId.For("studio-a", "order-42");

        Assert.Equal(id, JobInstanceId.For("studio-a", "order-42"));
        Assert.NotEqual(id, JobInstanceId.For("studio-b", "order-42"));
        Assert.StartsWith(JobInstanceId.TeamPrefix("studio-a"), id, StringComparison.Ordinal);
        Assert.Equal("studio-a", JobInstanceId.TeamOf(id));
        Assert.DoesNotContain(id, character => character is '/' or '\\' or '#' or '?' or '@');
    }

    [Fact]
    public void A_request_without_a_key_gets_one_from_its_content_whatever_the_order_of_its_tags()
    {
        var tagged = Request with { Tags = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } };
        var reordered = Request with { Tags = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } };

        Assert.Equal(JobInstanceId.IdempotencyKeyOf(tagged), JobInstanceId.IdempotencyKeyOf(reordered));
        Assert.NotEqual(JobInstanceId.IdempotencyKeyOf(tagged), JobInstanceId.IdempotencyKeyOf(Request));
        Assert.Equal("given", JobInstanceId.IdempotencyKeyOf(Request with { IdempotencyKey = "given" }));
    }

    [Fact]
    public void A_submission_key_reads_back_as_its_job_and_attempt()
    {
        var id = JobInstanceId.For("studio-a", "order-42");
        var key = JobInstanceId.SubmissionKey(id, 3);

        Assert.True(JobInstanceId.TryParseSubmissionKey(key, out var instanceId, out var attempt));
        Assert.Equal((id, 3), (instanceId, attempt));
        Assert.False(JobInstanceId.TryParseSubmissionKey("job-123-a1", out _, out _));
        Assert.False(JobInstanceId.TryParseSubmissionKey(null, out _, out _));
        Assert.False(JobInstanceId.TryParseSubmissionKey(id + "-a0", out _, out _));
    }
}
