using System.Text.Json;
using Orchestrator.Core;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Tests;

/// <summary>What the workflow keeps in durable history round-trips through System.Text.Json, with the web defaults and Core's options.</summary>
public sealed class SerializationTests
{
    public static TheoryData<object> Results => new()
    {
        new SubmitResult(SubmitOutcome.Accepted, Job()),
        new SubmitResult(SubmitOutcome.NotSubmitted, Failure: new VendorFailure(FailureKind.Unavailable, "429", "slow down"), RetryAfter: TimeSpan.FromSeconds(90)),
        new SubmissionLookup(Job(), true, "found by external_task_id"),
        new VendorJobStatus
        {
            State = VendorJobState.Failed,
            RawStatus = "FAILED",
            Progress = 40,
            QueuePosition = 3,
            PollAfter = TimeSpan.FromMilliseconds(1500),
            Failure = new VendorFailure(FailureKind.SafetyRefusal, "SAFETY.OUTPUT.VIDEO", "flagged"),
            Usage = new VendorUsage { OutputSeconds = 5.2m, Tokens = 63000m, Clips = 1, Model = "kling-v2-1" },
            OutputExpiresAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            Details = new Dictionary<string, string> { ["final_unit_deduction"] = "3.0" },
        },
        new VendorCancelResult(false, false, "unsupported", "Kling documents no cancel"),
        new WebhookResult(WebhookOutcome.Accepted, "verified", new VendorWebhookEvent("fal", "req:1", "req", "wf-1-a1", "OK", new VendorJobStatus { State = VendorJobState.Succeeded, RawStatus = "OK" })),
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void Round_trips_with_web_defaults_and_core_options(object value)
    {
        foreach (var options in new[] { new JsonSerializerOptions(JsonSerializerDefaults.Web), CoreJson.Options })
        {
            var json = JsonSerializer.Serialize(value, value.GetType(), options);
            var back = JsonSerializer.Deserialize(json, value.GetType(), options);

            Assert.Equal(json, JsonSerializer.Serialize(back, value.GetType(), options));
        }
    }

    private static VendorJobRef Job() => new()
    {
        Contract = VendorContract.FalQueue,
        Vendor = "fal",
        RouteId = "fal/kling-v3-standard",
        VendorJobId = "req-1",
        SubmissionKey = "wf-1-a1",
        Model = "fal-ai/kling-video/v3/standard/text-to-video",
        StatusUrl = new Uri("https://queue.fal.run/fal-ai/kling-video/requests/req-1/status"),
        ResponseUrl = new Uri("https://queue.fal.run/fal-ai/kling-video/requests/req-1"),
        CancelUrl = new Uri("https://queue.fal.run/fal-ai/kling-video/requests/req-1/cancel"),
        RequestedSeconds = 5,
        SubmittedAt = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        OutputUrlLifetime = TimeSpan.FromHours(1),
    };
}
