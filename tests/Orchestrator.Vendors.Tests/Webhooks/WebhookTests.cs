using System.Net.Http.Json;
using System.Text;
using Orchestrator.Emulator.Control;
using Orchestrator.Emulator.State;
using Orchestrator.Testing;
using Orchestrator.Vendors.Tests.Support;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Tests.Webhooks;

/// <summary>
/// Webhooks as the emulator delivers them (signed as each vendor signs) into its inbox, then verified by the adapters:
/// valid calls are accepted once, the same delivery again is a duplicate that carries nothing to act on (hosts answer it
/// 2xx so the vendor stops retrying), forged, stale and unsigned calls are rejected.
/// </summary>
public sealed class WebhookTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task OpenAI_standard_webhooks_valid_replayed_forged_stale_and_wrong_secret()
    {
        var box = $"openai-{Guid.NewGuid():N}";
        (await emulator.Control.PutAsJsonAsync("openai/webhook-endpoint", new { url = emulator.Inbox(box).AbsoluteUri })).EnsureSuccessStatusCode();
        using var clients = emulator.Clients();
        var request = Jobs.For("openai/sora-2", Jobs.Marker("openai-hook"));
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;
        var delivery = await DeliveryAsync(box);

        var valid = await client.VerifyWebhookAsync(delivery);
        var replay = await client.VerifyWebhookAsync(delivery);
        var forged = await client.VerifyWebhookAsync(delivery with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body.Span).Replace("video.completed", "video.failed", StringComparison.Ordinal)) });
        var stale = await client.VerifyWebhookAsync(await SignedAsync("openai", delivery, DateTimeOffset.UtcNow.AddMinutes(-6)));
        using var otherProject = new VendorClients(emulator.Options() with { OpenAI = emulator.Options().OpenAI with { WebhookSecret = "whsec_" + Convert.ToBase64String(new byte[32]) } });
        var wrongSecret = await otherProject.For(request.Route).VerifyWebhookAsync(delivery);

        Assert.Equal(WebhookOutcome.Accepted, valid.Outcome);
        Assert.Equal(("video.completed", job.VendorJobId, VendorJobState.Succeeded), (valid.Event!.EventType, valid.Event.VendorJobId, valid.Event.Status!.State));
        AssertDuplicate(replay);
        Assert.Equal(WebhookOutcome.Rejected, forged.Outcome);
        Assert.Equal(WebhookOutcome.Rejected, stale.Outcome);
        Assert.StartsWith("stale", stale.Reason, StringComparison.Ordinal);
        Assert.Equal(WebhookOutcome.Rejected, wrongSecret.Outcome);
        Assert.Equal(WebhookOutcome.Rejected, (await client.VerifyWebhookAsync(delivery with { Headers = new Dictionary<string, string>() })).Outcome);
    }

    [Fact]
    public async Task Fal_ed25519_webhooks_valid_replayed_forged_stale_and_unknown_key()
    {
        var box = $"fal-{Guid.NewGuid():N}";
        using var clients = emulator.Clients();
        var request = Jobs.For("fal/seedance-2.0", Jobs.Marker("fal-hook"), emulator.Inbox(box));
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;
        var delivery = await DeliveryAsync(box);

        var valid = await client.VerifyWebhookAsync(delivery);
        var replay = await client.VerifyWebhookAsync(delivery);
        var forged = await client.VerifyWebhookAsync(delivery with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body.Span).Replace("\"OK\"", "\"ERROR\"", StringComparison.Ordinal)) });
        var stale = await client.VerifyWebhookAsync(await SignedAsync("fal", delivery, DateTimeOffset.UtcNow.AddMinutes(-6), delivery.Header("X-Fal-Webhook-Request-Id")));
        using var noKeys = new VendorClients(emulator.Options(falJwks: false));
        using var pinned = new VendorClients(emulator.Options(falJwks: false, falPublicKey: emulator.Server.Context.FalKey.PublicKeyBase64Url));

        Assert.Equal(WebhookOutcome.Accepted, valid.Outcome);
        Assert.Equal((job.VendorJobId, request.SubmissionKey, VendorJobState.Succeeded), (valid.Event!.VendorJobId, valid.Event.SubmissionKey, valid.Event.Status!.State));
        AssertDuplicate(replay);
        Assert.Equal(WebhookOutcome.Rejected, forged.Outcome);
        Assert.Equal(WebhookOutcome.Rejected, stale.Outcome);
        Assert.Equal(WebhookOutcome.Rejected, (await noKeys.For(request.Route).VerifyWebhookAsync(delivery)).Outcome);
        Assert.Equal(WebhookOutcome.Accepted, (await pinned.For(request.Route).VerifyWebhookAsync(delivery)).Outcome);
    }

    [Theory]
    [InlineData("luma/ray-3")]
    [InlineData("byteplus/seedance-2.0")]
    [InlineData("kling/kling-v3")]
    public async Task Signed_callback_urls_valid_replayed_forged_foreign_and_expired(string routeId)
    {
        var box = $"cb-{Guid.NewGuid():N}";
        using var clients = emulator.Clients();
        var request = Jobs.For(routeId, Jobs.Marker("callback"), emulator.Inbox(box));
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;
        await Polling.UntilTerminalAsync(client, job);
        var deliveries = await Eventually.ValueAsync(() => emulator.InboxAsync(box), list => list.Any(item => Encoding.UTF8.GetString(Convert.FromBase64String(item.BodyBase64)) is var text
            && (text.Contains("succe", StringComparison.Ordinal) || text.Contains("completed", StringComparison.Ordinal))), "the final webhook was delivered");
        var delivery = ToRequest(deliveries[^1]);

        var valid = await client.VerifyWebhookAsync(delivery);
        var replay = await client.VerifyWebhookAsync(delivery);
        var forged = await client.VerifyWebhookAsync(delivery with { Url = new Uri(delivery.Url.AbsoluteUri.Replace("sk=", "sk=x", StringComparison.Ordinal)) });
        var unsigned = await client.VerifyWebhookAsync(delivery with { Url = emulator.Inbox(box) });
        var foreignVendor = await clients.For(Jobs.Route(routeId == "luma/ray-3" ? "kling/kling-v3" : "luma/ray-3")).VerifyWebhookAsync(delivery);
        var later = new ManualTimeProvider(DateTimeOffset.UtcNow + request.Route.Timeout + TimeSpan.FromDays(1));
        using var future = emulator.Clients(time: later);
        var expired = await future.For(request.Route).VerifyWebhookAsync(delivery);

        Assert.Equal(WebhookOutcome.Accepted, valid.Outcome);
        Assert.Equal((job.VendorJobId, request.SubmissionKey, VendorJobState.Succeeded), (valid.Event!.VendorJobId, valid.Event.SubmissionKey, valid.Event.Status!.State));
        AssertDuplicate(replay);
        Assert.Equal(WebhookOutcome.Rejected, forged.Outcome);
        Assert.Equal(WebhookOutcome.Rejected, unsigned.Outcome);
        Assert.Equal(WebhookOutcome.Rejected, foreignVendor.Outcome);
        Assert.Equal((WebhookOutcome.Rejected, "the callback URL has expired"), (expired.Outcome, expired.Reason));
    }

    [Theory]
    [InlineData("luma/ray-3", """{"id":"g-1","state":"weird"}""")]
    [InlineData("luma/ray-3", """{"id":"g-1"}""")]
    [InlineData("byteplus/seedance-2.0", """{"id":"t-1","status":"weird"}""")]
    [InlineData("byteplus/seedance-2.0", """{"id":"t-1"}""")]
    [InlineData("kling/kling-v3", """{"code":0,"data":{"task_id":"k-1","task_status":"weird"}}""")]
    [InlineData("kling/kling-v3", """{"code":0,"data":{"task_id":"k-1"}}""")]
    public async Task A_signed_callback_with_an_unknown_or_missing_status_is_accepted_without_a_status(string routeId, string body)
    {
        using var clients = emulator.Clients();
        var route = Jobs.Route(routeId);
        var key = $"job-{Guid.NewGuid():N}-a1";

        var result = await clients.For(route).VerifyWebhookAsync(WebhookRequest.Create(SignedCallback(route, key), [], Encoding.UTF8.GetBytes(body)));

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.Equal(key, result.Event!.SubmissionKey);
        Assert.EndsWith("-1", result.Event.VendorJobId, StringComparison.Ordinal);
        Assert.Null(result.Event.Status);
    }

    [Theory]
    [InlineData("luma/ray-3", "not json")]
    [InlineData("byteplus/seedance-2.0", "[1, 2]")]
    [InlineData("kling/kling-v3", "\"succeed\"")]
    [InlineData("kling/kling-v3", "")]
    public async Task A_signed_callback_whose_body_cannot_be_read_is_rejected_as_malformed(string routeId, string body)
    {
        using var clients = emulator.Clients();
        var route = Jobs.Route(routeId);

        var result = await clients.For(route).VerifyWebhookAsync(WebhookRequest.Create(SignedCallback(route, "job-x-a1"), [], Encoding.UTF8.GetBytes(body)));

        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
        Assert.StartsWith("malformed body", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runway_has_no_webhooks_and_rejects_any_call()
    {
        using var clients = emulator.Clients();
        var result = await clients.For(Jobs.Route("runway/gen4")).VerifyWebhookAsync(WebhookRequest.Create(emulator.Inbox("runway"), [], "{}"u8.ToArray()));

        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
    }

    /// <summary>A callback URL signed as the adapter signs the ones it sends, for a call the vendor never made.</summary>
    private Uri SignedCallback(Core.Routing.RouteDefinition route, string key) =>
        new CallbackUrlSigner(EmulatorFixture.CallbackSecret).Sign(emulator.Inbox("made-up"), route.Vendor, key, DateTimeOffset.UtcNow + TimeSpan.FromHours(1));

    private static void AssertDuplicate(WebhookResult replay)
    {
        Assert.Equal(WebhookOutcome.Duplicate, replay.Outcome);
        Assert.Null(replay.Event);
        Assert.Contains("already accepted", replay.Reason, StringComparison.Ordinal);
    }

    private async Task<WebhookRequest> DeliveryAsync(string box) => ToRequest((await Eventually.ValueAsync(() => emulator.InboxAsync(box), list => list.Count > 0, "a webhook was delivered"))[0]);

    private static WebhookRequest ToRequest(InboxDelivery delivery) => WebhookRequest.Create(new Uri(delivery.Url), delivery.Headers, Convert.FromBase64String(delivery.BodyBase64));

    /// <summary>The same body signed by the emulator's vendor key at another time (a captured call replayed late).</summary>
    private async Task<WebhookRequest> SignedAsync(string vendor, WebhookRequest delivery, DateTimeOffset at, string? id = null)
    {
        var sign = new SignRequest(Convert.ToBase64String(delivery.Body.ToArray()), id, at.ToUnixTimeSeconds());
        var response = await emulator.Control.PostAsJsonAsync($"sign/{vendor}", sign, EmulatorFixture.Json);
        var headers = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>(EmulatorFixture.Json);
        return WebhookRequest.Create(delivery.Url, headers!, delivery.Body);
    }
}
