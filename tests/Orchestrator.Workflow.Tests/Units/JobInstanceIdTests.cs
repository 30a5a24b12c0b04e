using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests.Units;

/// <summary>Instance ids from team and idempotency key, derived keys, and run submission keys read back from webhooks.</summary>
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
    public void A_submission_key_names_the_run_and_reads_back_as_its_run_and_attempt()
    {
        var id = JobInstanceId.For("studio-a", "order-42");
        var run = JobRunId.Draw(id, Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
        var key = run.SubmissionKey(3);

        Assert.Equal($"{id}~0f1e2d3c4b5a-a3", key);
        Assert.True(JobRunId.TryParseSubmissionKey(key, out var parsed, out var attempt));
        Assert.Equal((run, 3), (parsed, attempt));
        Assert.NotEqual(key, JobRunId.Draw(id, Guid.Parse("1f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")).SubmissionKey(3));
        Assert.False(JobRunId.TryParseSubmissionKey("job-123-a1", out _, out _));
        Assert.False(JobRunId.TryParseSubmissionKey(null, out _, out _));
        Assert.False(JobRunId.TryParseSubmissionKey(run.Key + "-a0", out _, out _));
        Assert.False(JobRunId.TryParseSubmissionKey(id + "-a1", out _, out _), "a key without a run (the old form) names no run");
        Assert.False(JobRunId.TryParseSubmissionKey(id + "~0F1E2D3C4B5A-a1", out _, out _));
        // Longest team (64) + hash + run + attempt stays within what callback URLs and Kling's hashed external id take.
        Assert.True(new JobRunId(JobInstanceId.For(new string('t', 64), "k"), run.RunId).SubmissionKey(11).Length <= 120);
    }
}
