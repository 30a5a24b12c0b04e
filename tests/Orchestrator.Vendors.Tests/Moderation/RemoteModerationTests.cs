using Orchestrator.Core.Moderation;
using Orchestrator.Vendors.Moderation;
using Orchestrator.Vendors.Tests.Support;

namespace Orchestrator.Vendors.Tests.Moderation;

/// <summary>The two remote moderation services against their emulations, alone and behind the moderation gate.</summary>
public sealed class RemoteModerationTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(OpenAiModerationService.ServiceName, "violence")]
    [InlineData(AzureContentSafetyService.ServiceName, "Violence")]
    public async Task Flags_a_flagged_prompt_and_passes_a_clean_one(string provider, string category)
    {
        using var clients = emulator.Clients();
        var service = clients.Moderation(provider)!;

        var flagged = await service.CheckAsync("a scene with an emulator-flagged act", CancellationToken.None);
        var clean = await service.CheckAsync("a lighthouse at dusk", CancellationToken.None);

        Assert.Equal(provider, service.Name);
        Assert.True(flagged.Flagged);
        Assert.Contains(category, flagged.Categories);
        Assert.False(clean.Flagged);
        Assert.Empty(clean.Categories);
    }

    [Fact]
    public async Task Azure_reports_blocklist_matches_and_checks_long_texts_in_pieces()
    {
        var options = emulator.Options();
        using var clients = new VendorClients(options with { AzureContentSafety = options.AzureContentSafety with { BlocklistNames = ["brand-terms"] } });
        var service = clients.Moderation(AzureContentSafetyService.ServiceName)!;

        var result = await service.CheckAsync(new string('a', 12_000) + " forbidden-test-term", CancellationToken.None);

        Assert.True(result.Flagged);
        Assert.Contains("blocklist:brand-terms", result.Categories);
    }

    [Fact]
    public async Task The_gate_blocks_what_the_remote_service_flags_and_fails_closed_when_it_cannot_answer()
    {
        using var clients = emulator.Clients();
        var local = new LocalModerationPolicy(new ModerationOptions());
        var gate = new ModerationGate(local, new ModerationOptions(), clients.Moderation("openai"));
        var broken = emulator.Options();
        using var wrongKey = new VendorClients(broken with { OpenAIModeration = broken.OpenAIModeration with { ApiKey = "wrong" } });
        var closed = new ModerationGate(local, new ModerationOptions { FailMode = ModerationFailMode.Closed }, wrongKey.Moderation("openai"));

        var blocked = await gate.CheckAsync(["a duel, emulator-flagged"]);
        var allowed = await gate.CheckAsync(["a lighthouse at dusk"]);
        var unavailable = await closed.CheckAsync(["a lighthouse at dusk"]);

        Assert.False(blocked.Allowed);
        Assert.Equal("openai", blocked.Flags[0].Source);
        Assert.True(allowed.Allowed);
        Assert.False(unavailable.Allowed);
        Assert.Equal(ModerationGate.UnavailableCategory, unavailable.Flags[0].Category);
    }
}
