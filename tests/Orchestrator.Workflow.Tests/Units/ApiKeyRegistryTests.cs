using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests.Units;

/// <summary>
/// The API key check both hosts run (the local host through its authentication handler, the Functions app in each
/// function): which header presents a key, what a key resolves to, why a request without one is refused, and a bad
/// key configuration stopping a host at start with every problem named.
/// </summary>
public sealed class ApiKeyRegistryTests
{
    private const string TeamKey = "studio-a-sandbox-key-0123456789";
    private const string AdminKey = "operations-admin-key-0123456789";

    private static readonly ApiKeyRegistry Keys = new(Options.Create(new ApiKeyOptions
    {
        Keys =
        [
            new ApiKeyEntry { Id = "studio-a-ci", Team = "studio-a", Environment = "sandbox", Sha256 = ApiKeyRegistry.HashOf(TeamKey).ToUpperInvariant() },
            new ApiKeyEntry { Id = "ops", Admin = true, Key = AdminKey },
        ],
    }));

    [Theory]
    [InlineData(TeamKey, null, TeamKey)]
    [InlineData($"  {TeamKey} ", "Bearer another-key", TeamKey)]
    [InlineData(null, $"Bearer {TeamKey}", TeamKey)]
    [InlineData(" ", $"bearer {TeamKey}", TeamKey)]
    [InlineData(null, $"Basic {TeamKey}", null)]
    [InlineData(null, "Bearer ", null)]
    [InlineData(null, null, null)]
    public void A_key_is_read_from_X_Api_Key_first_then_from_a_bearer_token(string? apiKeyHeader, string? authorization, string? presented) =>
        Assert.Equal(presented, ApiKeyHeaders.Presented(apiKeyHeader, authorization));

    [Fact]
    public void A_key_resolves_by_its_hash_to_its_id_team_environment_and_rights()
    {
        var team = Keys.Check(TeamKey, null);
        var admin = Keys.Check(null, $"Bearer {AdminKey}");

        Assert.Equal(new ApiKeyCheck(new JobCaller("studio-a-ci", "studio-a", IsAdmin: false, "sandbox"), null), team);
        Assert.Equal(new ApiKeyCheck(new JobCaller("ops", null, IsAdmin: true), null), admin);
        Assert.True(team.Caller!.MaySee("studio-a"));
        Assert.False(team.Caller.MaySee("studio-b"));
        Assert.False(team.Caller.MaySee(null));
        Assert.True(admin.Caller!.MaySee("studio-b"));
        Assert.Equal(2, Keys.Count);
    }

    [Fact]
    public void No_key_and_an_unknown_key_are_refused_with_a_401_that_says_which()
    {
        var missing = Keys.Check(null, null);
        var unknown = Keys.Check(TeamKey + "x", null);

        Assert.Equal(new ApiKeyCheck(null, ApiKeyRefusal.Missing), missing);
        Assert.Equal(new ApiKeyCheck(null, ApiKeyRefusal.Unknown), unknown);
        Assert.Equal((401, 401), (missing.Refusal!.Status, unknown.Refusal!.Status));
        Assert.Contains(ApiKeyHeaders.HeaderName, missing.Refusal.Detail, StringComparison.Ordinal);
        Assert.NotEqual(missing.Refusal.Title, unknown.Refusal.Title);
        Assert.Null(Keys.Resolve(string.Empty));
    }

    [Fact]
    public async Task A_host_with_a_bad_key_configuration_does_not_start_and_names_every_problem()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:ApiKeys:Keys:0:Id"] = "studio-a-ci",
            ["Orchestrator:ApiKeys:Keys:0:Team"] = "studio-a",
            ["Orchestrator:ApiKeys:Keys:0:Key"] = "short",
            ["Orchestrator:ApiKeys:Keys:1:Id"] = "studio-a-ci",
            ["Orchestrator:ApiKeys:Keys:1:Sha256"] = "not-hex",
        });
        builder.Services.AddApiKeys(builder.Configuration);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
        [
            "Orchestrator:ApiKeys:Keys:0:Key must be at least 16 characters",
            "Orchestrator:ApiKeys:Keys:1:Id 'studio-a-ci' is used by another key",
            "Orchestrator:ApiKeys:Keys:1: a key needs a Team unless it is Admin",
            "Orchestrator:ApiKeys:Keys:1:Sha256 must be 64 hex digits",
        ], failure.Failures);
    }
}
