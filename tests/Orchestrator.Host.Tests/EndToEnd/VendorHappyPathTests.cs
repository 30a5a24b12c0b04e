using System.Net;
using System.Text.Json;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Provenance;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// One job per vendor adapter, over real HTTP, end to end: POST /api/jobs answers 202 with the Durable Functions
/// check-status payload; the job is routed, submitted once to the emulated vendor, stored in Azurite (the read-only link
/// serves the MP4), checked for C2PA, costed in Table storage, and its instance reads as Completed through the
/// management API.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class VendorHappyPathTests(MainStack main)
{
    private static readonly string[] PayloadLinks =
        ["statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "suspendPostUri", "resumePostUri"];

    private HostStack Stack => main.Stack;

    public static TheoryData<string> Contracts => new() { "openai-videos", "runway", "fal-queue", "luma", "byteplus-ark", "kling-official" };

    [Theory]
    [MemberData(nameof(Contracts))]
    public async Task Each_vendor_contract_delivers_a_stored_checked_costed_clip(string contract)
    {
        var team = HostStack.NewTeam("happy");
        var request = Requests.PerVendor(team).Single(vendor => vendor.Contract == contract);
        using var http = Stack.Http();

        using var started = await http.PostJsonAsync("api/jobs", request.Json);
        var payload = await started.JsonAsync(HttpStatusCode.Accepted);
        var id = payload.GetProperty("id").GetString()!;
        var details = await Stack.FinishedAsync(id);

        var instanceUrl = new Uri(Stack.BaseUrl, $"runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}").AbsoluteUri;
        Assert.All(PayloadLinks, name => Assert.StartsWith(instanceUrl, payload.GetProperty(name).GetString()));
        Assert.Equal(instanceUrl + "/raiseEvent/{eventName}", payload.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(instanceUrl + "/terminate?reason={text}", payload.GetProperty("terminatePostUri").GetString());
        Assert.Equal(payload.GetProperty("statusQueryGetUri").GetString(), started.Headers.Location?.AbsoluteUri);
        Assert.NotNull(started.Headers.RetryAfter);
        Assert.StartsWith(team + "~", id);

        var job = details.Job;
        Assert.True(job.Status == JobStatus.Succeeded, $"{contract}: {job.Status} {job.Message}");
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal(request.Route, attempt.Route);
        Assert.False(string.IsNullOrEmpty(attempt.VendorJobId));
        var submitted = Assert.Single(Stack.Emulator.State.Jobs, emulated => emulated.Prompt.Contains(team, StringComparison.Ordinal));
        Assert.Equal(attempt.VendorJobId, submitted.Id);
        Assert.Equal(contract == "openai-videos" ? ProvenanceState.Valid : ProvenanceState.Absent, job.Provenance!.State);
        Assert.False(job.Provenance.StoredCopyDiffers);

        using var anonymous = new HttpClient();
        using var video = await anonymous.GetAsync(details.VideoUrl);
        var bytes = await video.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, video.StatusCode);
        Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
        Assert.Equal(job.Video!.Bytes, bytes.LongLength);
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);

        var row = Assert.Single(await Stack.CostRowsAsync(team));
        Assert.Equal(id, row.InstanceId);
        Assert.Equal(attempt.Route, row.Route);
        Assert.Equal(job.BilledUsd, row.CostUsd);
        Assert.True(row.CostUsd > 0m);
        Assert.Equal("e2e-admin", row.KeyId);
        Assert.False(string.IsNullOrEmpty(row.PriceSource));

        using var status = await http.GetAsync(payload.GetProperty("statusQueryGetUri").GetString());
        var instance = await status.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", instance.GetProperty("runtimeStatus").GetString());
        Assert.Equal(id, instance.GetProperty("instanceId").GetString());
        Assert.Equal(JsonValueKind.Object, instance.GetProperty("output").ValueKind);
    }
}
