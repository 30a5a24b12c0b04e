using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Moderation;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Testing;

namespace Orchestrator.Core.Tests;

/// <summary>The options bind from configuration the way the hosts bind them, and the sample settings fit the shipped catalogs.</summary>
public sealed class OptionsBindingTests
{
    private static IConfiguration SampleSettings()
    {
        using var file = File.OpenRead(RepoPaths.Combine("local.settings.sample.json"));
        var values = JsonDocument.Parse(file).RootElement.GetProperty("Values").EnumerateObject()
            .Select(pair => new KeyValuePair<string, string?>(pair.Name.Replace("__", ":", StringComparison.Ordinal), pair.Value.GetString()));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public void The_sample_settings_bind_and_fit_the_catalogs()
    {
        var configuration = SampleSettings();

        var pricing = configuration.GetSection(PricingOptions.SectionName).Get<PricingOptions>()!;
        var routing = configuration.GetSection(RoutingOptions.SectionName).Get<RoutingOptions>()!;
        var moderation = configuration.GetSection(ModerationOptions.SectionName).Get<ModerationOptions>()!;

        Assert.Equal("kling-package-1", pricing.Packages["kling"]);
        Assert.Equal(new SourceOfRecordEntry { Route = "openai/sora-2-pro", Source = "S-FORA" }, Assert.Single(pricing.SourceOfRecord));
        Assert.Equal(["kling/kling-v2-1"], routing.DisabledRoutes);
        Assert.Empty(routing.SunsetOverrides);
        Assert.Empty(routing.DisabledRules);
        Assert.Empty(routing.PhysicsTerms);
        Assert.Equal(["fal/pika-v2.2", "fal/kling-v3-standard"], Assert.Single(routing.PreferredRoutes).Routes);
        Assert.Equal(ModerationFailMode.Closed, moderation.FailMode);
        Assert.Equal(TimeSpan.FromSeconds(5), moderation.RemoteTimeout);
        Assert.Equal("brand-safety", Assert.Single(moderation.Categories).Name);

        var calculator = new CostCalculator(RateCatalog.Load(pricing.CatalogPath), pricing);
        var router = new Router(RouteCatalog.Load(routing.RoutesPath), calculator, routing);
        var policy = new LocalModerationPolicy(moderation);
        Assert.Equal("kling/kling-v2-1", router.Route(Requests.Parse("""{"durationSeconds":5}"""), Requests.Today).Rejections.Single(r => r.Reasons[0].StartsWith("disabled", StringComparison.Ordinal)).Route);
        Assert.False(policy.Check(["a fake gucci bag"]).Allowed);
        Assert.True(policy.Check(["a bath bomb"]).Allowed);
    }

    [Fact]
    public void The_sample_names_every_setting_of_the_core_sections_and_nothing_else()
    {
        var configuration = SampleSettings();

        foreach (var (section, type) in new[] { (PricingOptions.SectionName, typeof(PricingOptions)), (RoutingOptions.SectionName, typeof(RoutingOptions)), (ModerationOptions.SectionName, typeof(ModerationOptions)) })
        {
            var named = configuration.GetSection(section).GetChildren().Select(child => child.Key).ToHashSet(StringComparer.Ordinal);
            var missing = type.GetProperties().Where(property => property.CanWrite && !named.Contains(property.Name)).Select(property => property.Name).ToList();

            Assert.True(missing.Count == 0, $"local.settings.sample.json lacks {section}: {string.Join(", ", missing)}");
            // Throws on a key that names no property: a misspelled sample setting would be silently ignored by the app.
            configuration.GetSection(section).Get(type, binder => binder.ErrorOnUnknownConfiguration = true);
        }
    }

    [Fact]
    public void The_samples_empty_routing_lists_are_where_an_operator_re_enables_sora_and_tunes_the_rules()
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(SampleSettings()).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Routing:SunsetOverrides:0"] = "openai/sora-2-pro",
            ["Orchestrator:Routing:PhysicsTerms:0"] = "lava",
        }).Build();
        var routing = configuration.GetSection(RoutingOptions.SectionName).Get<RoutingOptions>()!;
        var router = new Router(RouteCatalog.Default, new CostCalculator(RateCatalog.Default), routing);

        var decision = router.Route(Requests.Parse("""{"prompt":"lava flowing into the sea","durationSeconds":8,"resolution":"1080p"}"""), Requests.Today);

        Assert.Equal(["openai/sora-2-pro"], routing.SunsetOverrides);
        Assert.Equal(("physics-hero", "openai/sora-2-pro"), (decision.Rule, decision.Chosen?.Route));
    }

    [Fact]
    public void Empty_sections_give_working_defaults()
    {
        var empty = new ConfigurationBuilder().Build();

        var routing = empty.GetSection(RoutingOptions.SectionName).Get<RoutingOptions>() ?? new RoutingOptions();
        var moderation = empty.GetSection(ModerationOptions.SectionName).Get<ModerationOptions>() ?? new ModerationOptions();

        Assert.Empty(routing.DisabledRoutes);
        Assert.True(moderation.UseBuiltInCategories);
        Assert.Equal(ModerationFailMode.Closed, moderation.FailMode);
    }
}
