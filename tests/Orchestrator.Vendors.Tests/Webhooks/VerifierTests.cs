using System.Text;
using Orchestrator.Testing;
using Orchestrator.Vendors.Webhooks;

namespace Orchestrator.Vendors.Tests.Webhooks;

/// <summary>The verifiers and the replay store on their own, with a pinned clock.</summary>
public sealed class VerifierTests
{
    [Fact]
    public void Standard_webhooks_spec_test_vector_verifies_and_its_neighbours_do_not()
    {
        // The Standard Webhooks reference libraries' test vector.
        var at = DateTimeOffset.FromUnixTimeSeconds(1614265330);
        var verifier = new StandardWebhookVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", new ManualTimeProvider(at));
        var body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");
        Dictionary<string, string> headers = new()
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = "v1,bm9ldHUjKzFob2VudXRob2VodWUzMjRvdWVvdW9ldQo= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        };
        var url = new Uri("https://example.com/hooks/openai");

        Assert.Null(verifier.Verify(WebhookRequest.Create(url, headers, body), out var id, out _));
        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", id);
        Assert.NotNull(verifier.Verify(WebhookRequest.Create(url, headers, Encoding.UTF8.GetBytes("""{"test": 2432232315}""")), out _, out _));
        var late = new StandardWebhookVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", new ManualTimeProvider(at.AddSeconds(301)));
        Assert.StartsWith("stale", late.Verify(WebhookRequest.Create(url, headers, body), out _, out _), StringComparison.Ordinal);
        var early = new StandardWebhookVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", new ManualTimeProvider(at.AddSeconds(-299)));
        Assert.Null(early.Verify(WebhookRequest.Create(url, headers, body), out _, out _));
    }

    [Fact]
    public void Signed_callback_urls_keep_the_endpoints_query_and_bind_the_vendor_key_and_expiry()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var signer = new CallbackUrlSigner("a-callback-secret-of-enough-length", clock);
        var url = signer.Sign(new Uri("https://host.example.com/webhooks/luma?team=studio-a"), "luma", "wf-1 a/1", clock.GetUtcNow().AddHours(2));

        Assert.Contains("team=studio-a", url.Query, StringComparison.Ordinal);
        Assert.Null(signer.Verify(url, "luma", out var key));
        Assert.Equal("wf-1 a/1", key);
        Assert.Equal("wf-1 a/1", CallbackUrlSigner.KeyOf(url.AbsoluteUri));
        Assert.NotNull(signer.Verify(url, "kling", out _));
        Assert.NotNull(new CallbackUrlSigner("another-callback-secret-of-length", clock).Verify(url, "luma", out _));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal("the callback URL has expired", signer.Verify(url, "luma", out _));
    }

    [Fact]
    public async Task The_replay_store_forgets_a_delivery_only_after_it_could_no_longer_pass_the_age_check()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var store = new InMemoryWebhookReplayStore(clock);

        Assert.True(await store.TryMarkSeenAsync("openai:evt_1", clock.GetUtcNow().AddMinutes(10)));
        Assert.False(await store.TryMarkSeenAsync("openai:evt_1", clock.GetUtcNow().AddMinutes(10)));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await store.TryMarkSeenAsync("openai:evt_1", clock.GetUtcNow().AddMinutes(10)));
    }

    [Fact]
    public void Options_never_show_a_secret()
    {
        var options = new VendorsOptions
        {
            OpenAI = new OpenAiVideosOptions { ApiKey = "sk-secret-1", WebhookSecret = "whsec_c2VjcmV0" },
            Kling = new KlingOptions { AccessKey = "ak-secret-2", SecretKey = "sk-secret-3" },
            Fal = new FalOptions { ApiKey = "fal-secret-4" },
            Callbacks = new CallbackOptions { SigningSecret = "callback-secret-5" },
        };

        var shown = string.Join("\n", options.ToString(), options.OpenAI, options.Kling, options.Fal, options.Callbacks, options.Runway, options.Luma, options.Byteplus,
            options.OpenAIModeration, options.AzureContentSafety);

        foreach (var secret in new[] { "sk-secret-1", "c2VjcmV0", "ak-secret-2", "sk-secret-3", "fal-secret-4", "callback-secret-5" })
        {
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
        Assert.Contains("(set)", options.OpenAI.ToString(), StringComparison.Ordinal);
    }
}
