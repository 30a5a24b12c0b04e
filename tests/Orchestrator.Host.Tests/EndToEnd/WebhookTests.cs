using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orchestrator.Emulator;
using Orchestrator.Emulator.State;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using Orchestrator.Vendors.Webhooks;
using Orchestrator.Workflow;
using Orchestrator.Workflow.Jobs;
using EmulatedOutcome = Orchestrator.Emulator.JobOutcome;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// Vendor webhooks over real HTTP: forged, stale, expired and unsigned calls get a 401 problem and raise nothing on the
/// job; the genuine call raises exactly one event; the same delivery again is acknowledged (200, "duplicate", so the
/// vendor stops retrying) and raises nothing. A job whose vendor sends no webhooks finishes by polling.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class WebhookTests(MainStack main)
{
    private HostStack Stack => main.Stack;

    [Fact]
    public async Task Forged_expired_and_unsigned_callbacks_are_refused_a_duplicate_is_acknowledged_and_none_raises_anything()
    {
        var team = HostStack.NewTeam("hooks");
        var marker = $"[quiet-{team}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Hang, Webhooks = false } });
        var started = await Stack.StartJobAsync(Requests.Json(team, new { prompt = $"{marker} a slow tea ceremony", durationSeconds = 5, route = "byteplus/seedance-2.0" }));
        var vendorJob = await Eventually.ValueAsync(() => Task.FromResult(Stack.Emulator.State.Jobs.FirstOrDefault(job => job.Prompt.Contains(marker, StringComparison.Ordinal))),
            job => job?.CallbackUrl is not null, "the vendor has the job and its callback URL");
        var callback = new Uri(vendorJob!.CallbackUrl!);
        var body = JsonSerializer.Serialize(new { id = vendorJob.Id, status = "running" });
        var signer = new CallbackUrlSigner(Stack.Settings["Orchestrator:Vendors:Callbacks:SigningSecret"]!);
        var submissionKey = Query(callback)["sk"];
        using var http = Stack.Http(key: null);

        var forged = new UriBuilder(callback) { Query = callback.Query.TrimStart('?').Replace("sig=", "sig=AAAA", StringComparison.Ordinal) }.Uri;
        var expired = signer.Sign(new Uri(callback.GetLeftPart(UriPartial.Path)), "byteplus", submissionKey, DateTimeOffset.UtcNow.AddMinutes(-5));
        var otherVendor = signer.Sign(new Uri(callback.GetLeftPart(UriPartial.Path)), "kling", submissionKey, DateTimeOffset.UtcNow.AddHours(1));
        foreach (var (url, why) in new[] { (forged, "signature"), (expired, "expired"), (otherVendor, "signature"), (new Uri(callback.GetLeftPart(UriPartial.Path)), "not signed") })
        {
            var problem = await (await http.PostJsonAsync(url.AbsoluteUri, body)).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.WebhookRejectedType);
            Assert.Contains(why, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await RaisedEventsAsync(started.Id));

        using var genuine = await http.PostJsonAsync(callback.AbsoluteUri, body);
        Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
        await Eventually.TrueAsync(async () => await RaisedEventsAsync(started.Id) == 1, "the genuine callback is raised on the job");
        AssertDuplicate(await (await http.PostJsonAsync(callback.AbsoluteUri, body)).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(1, await RaisedEventsAsync(started.Id));
        await Eventually.ValueAsync(() => Stack.GetJobAsync(started.Id), read => read?.Job.Attempts is [{ Webhooks: 1 }], "the job counted one webhook");

        using var admin = Stack.Http();
        (await admin.PostAsync($"api/jobs/{Uri.EscapeDataString(started.Id)}/cancel", null)).Dispose();
        await Stack.FinishedAsync(started.Id);
        Assert.Equal(1, await RaisedEventsAsync(started.Id, WorkflowNames.VendorUpdateEvent));
    }

    [Fact]
    public async Task Fal_webhooks_with_a_bad_or_stale_signature_are_refused_and_a_signed_one_is_taken_once()
    {
        using var http = Stack.Http(key: null);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { request_id = $"req-{Guid.NewGuid():N}", status = "OK", payload = new { } }));

        var fresh = await SignFalAsync(body, DateTimeOffset.UtcNow);
        var stale = await SignFalAsync(body, DateTimeOffset.UtcNow.AddHours(-1));
        var tampered = new Dictionary<string, string>(fresh) { ["X-Fal-Webhook-Signature"] = new string('0', 128) };

        var staleProblem = await (await PostFalAsync(http, body, stale)).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.WebhookRejectedType);
        var forgedProblem = await (await PostFalAsync(http, body, tampered)).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.WebhookRejectedType);
        await (await PostFalAsync(http, body, new Dictionary<string, string>())).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.WebhookRejectedType);
        using var accepted = await PostFalAsync(http, body, fresh);
        var duplicate = await (await PostFalAsync(http, body, fresh)).JsonAsync(HttpStatusCode.OK);

        Assert.Contains("stale", staleProblem.GetProperty("detail").GetString());
        Assert.Contains("signature", forgedProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.False((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matchedJob").GetBoolean());
        AssertDuplicate(duplicate);
    }

    [Fact]
    public async Task An_unknown_vendor_and_a_body_over_the_limit_are_refused()
    {
        using var http = Stack.Http(key: null);

        await (await http.PostJsonAsync("api/webhooks/acme", "{}")).ProblemAsync(HttpStatusCode.Unauthorized, ApiProblems.WebhookRejectedType);
        using var huge = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        await (await http.PostAsync("api/webhooks/fal", huge)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_vendor_that_sends_no_webhook_is_polled_to_the_end()
    {
        var team = HostStack.NewTeam("polled");
        var marker = $"[nohooks-{team}]";
        Stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Webhooks = false, QueueMs = 200, RunMs = 800 } });

        var started = await Stack.StartJobAsync(Requests.Simple(team, $"{marker} a windmill"));
        var job = (await Stack.FinishedAsync(started.Id)).Job;

        Assert.Equal(JobStatus.Succeeded, job.Status);
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal(0, attempt.Webhooks);
        Assert.True(attempt.Polls >= 1);
        Assert.DoesNotContain(Stack.Emulator.State.SentWebhooks, sent => sent.JobId == attempt.VendorJobId);
    }

    /// <summary>A verified delivery already received: acknowledged as a duplicate, with nothing done and no job told.</summary>
    private static void AssertDuplicate(JsonElement receipt)
    {
        Assert.Equal("duplicate", receipt.GetProperty("outcome").GetString());
        Assert.False(receipt.GetProperty("matchedJob").GetBoolean());
        Assert.Contains("already", receipt.GetProperty("reason").GetString());
        Assert.Contains("nothing was done", receipt.GetProperty("reason").GetString());
    }

    private async Task<int> RaisedEventsAsync(string instanceId, string? name = null)
    {
        using var http = Stack.Http();
        using var response = await http.GetAsync($"runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}?showHistory=true");
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return status.GetProperty("historyEvents").EnumerateArray()
            .Count(e => e.GetProperty("EventType").GetString() == "EventRaised" && (name is null || e.GetProperty("Name").GetString() == name));
    }

    private async Task<Dictionary<string, string>> SignFalAsync(byte[] body, DateTimeOffset at)
    {
        using var emulator = new HttpClient { BaseAddress = Stack.Emulator.BaseUrl };
        using var response = await emulator.PostAsJsonAsync("_emulator/sign/fal", new { bodyBase64 = Convert.ToBase64String(body), unixSeconds = at.ToUnixTimeSeconds() });
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!;
    }

    private static Task<HttpResponseMessage> PostFalAsync(HttpClient http, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/fal") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return http.SendAsync(request);
    }

    private static Dictionary<string, string> Query(Uri url) => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : string.Empty));
}
