using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using static Orchestrator.Core.Tests.Requests;

namespace Orchestrator.Core.Tests.Routing;

public sealed class RouterTests
{
    private static Router NewRouter(RoutingOptions? options = null, PricingOptions? pricing = null) =>
        new(RouteCatalog.Default, new CostCalculator(RateCatalog.Default, pricing), options);

    private static RoutingDecision Decide(string fields, DateTimeOffset? asOf = null, RoutingOptions? options = null) =>
        NewRouter(options).Route(Parse(fields), asOf ?? Today);

    [Fact]
    public void A_plain_request_goes_to_kling_standard_with_every_other_route_explained()
    {
        var decision = Decide("""{"durationSeconds":5}""");

        Assert.Equal("fal/kling-v3-standard", decision.Chosen!.Route);
        Assert.Equal(RoutingRules.Default, decision.Rule);
        Assert.Equal("kling/kling-v3", decision.Fallbacks[0].Route);
        Assert.Equal(RouteCatalog.Default.Routes.Count, decision.Evaluations.Count);
        Assert.All(decision.Rejections, rejection => Assert.NotEmpty(rejection.Reasons));
        Assert.All(decision.Rejections, rejection => Assert.Contains($"Rejected {rejection.Route}: ", decision.Explanation, StringComparison.Ordinal));
        Assert.StartsWith("Chose fal/kling-v3-standard by rule 'default'", decision.Explanation, StringComparison.Ordinal);
        Assert.Contains("0.42 USD for 5 s (0.084 USD/s, S-AVB 2026-04-30)", decision.Explanation, StringComparison.Ordinal);
        Assert.Equal(["fal/kling-v3-standard", .. decision.Fallbacks.Select(fallback => fallback.Route)], decision.CandidateRoutes);
    }

    [Fact]
    public void Fallbacks_after_the_rule_are_ordered_by_cost()
    {
        var decision = Decide("""{"durationSeconds":5}""");

        var afterRule = decision.Fallbacks.Skip(1).Select(fallback => fallback.Quote.CostUsd).ToList();
        Assert.Equal(afterRule.Order(), afterRule);
        Assert.DoesNotContain(decision.Fallbacks, fallback => !fallback.Eligible);
    }

    [Fact]
    public void Sora_is_past_its_sunset_today_and_available_the_day_before()
    {
        const string hero = """{"durationSeconds":8,"resolution":"1080p","prompt":"a tidal wave of water crashing through a city"}""";

        var before = Decide(hero, BeforeSoraSunset);
        var today = Decide(hero);

        Assert.Equal("openai/sora-2-pro", before.Chosen!.Route);
        Assert.Equal("physics-hero", before.Rule);
        Assert.NotEqual("openai/sora-2-pro", today.Chosen!.Route);
        var sunset = Assert.Single(today.Rejections, rejection => rejection.Route == "openai/sora-2-pro");
        Assert.Contains("past its sunset on 2026-09-24", sunset.Reasons[0], StringComparison.Ordinal);
        var physics = Assert.Single(today.Rules, trace => trace.Rule == "physics-hero");
        Assert.True(physics.Applied);
        Assert.Contains("none of its routes is eligible", physics.Outcome, StringComparison.Ordinal);
        Assert.Contains("Rule 'physics-hero' applied (the prompt mentions \"water\")", today.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sunset_is_checked_against_the_given_instant_in_utc()
    {
        var router = NewRouter();
        var request = Parse("""{"durationSeconds":8}""");

        Assert.Contains(router.Route(request, new DateTimeOffset(2026, 9, 23, 23, 0, 0, TimeSpan.Zero)).Evaluations, evaluation => evaluation.Route == "openai/sora-2" && evaluation.Eligible);
        Assert.Contains(router.Route(request, new DateTimeOffset(2026, 9, 23, 20, 0, 0, TimeSpan.FromHours(-5))).Evaluations, evaluation => evaluation.Route == "openai/sora-2" && !evaluation.Eligible);
    }

    [Fact]
    public void An_operator_can_re_enable_a_sunset_route()
    {
        var decision = Decide("""{"durationSeconds":8,"resolution":"1080p","prompt":"fire and smoke over a crowd"}""",
            options: new RoutingOptions { SunsetOverrides = ["openai/sora-2-pro"] });

        Assert.Equal("openai/sora-2-pro", decision.Chosen!.Route);
        Assert.Equal("physics-hero", decision.Rule);
    }

    [Fact]
    public void A_disabled_route_is_rejected_and_the_next_candidate_takes_the_job()
    {
        var decision = Decide("""{"durationSeconds":5}""", options: new RoutingOptions { DisabledRoutes = ["fal/kling-v3-standard"] });

        Assert.Equal("kling/kling-v3", decision.Chosen!.Route);
        Assert.Contains("disabled by configuration", Assert.Single(decision.Rejections, rejection => rejection.Route == "fal/kling-v3-standard").Reasons[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"durationSeconds":10,"resolution":"1080p","shots":[{"seconds":3,"prompt":"a"},{"seconds":3,"prompt":"b"},{"seconds":4,"prompt":"c"}]}""", "storyboard", "fal/kling-v3-pro")]
    [InlineData("""{"durationSeconds":5,"audio":"native","references":[{"kind":"image","uri":"https://x.example/hero.png","role":"character"}]}""", "locked-cast", "fal/seedance-2.0")]
    [InlineData("""{"durationSeconds":5,"intent":"edit","references":[{"kind":"video","uri":"https://x.example/take.mp4"}]}""", "edit-footage", "runway/gen4")]
    [InlineData("""{"durationSeconds":5,"resolution":"540p","hdr":true}""", "hdr-grading", "luma/ray-3")]
    [InlineData("""{"durationSeconds":5,"tags":{"quality":"draft"}}""", "cheap-drafts", "fal/pika-v2.2")]
    [InlineData("""{"durationSeconds":5,"references":[{"kind":"image","uri":"https://x.example/c.png"},{"kind":"video","uri":"https://x.example/m.mp4","role":"motion"}]}""", "cheapest", "kling/kling-v3-motion-control")]
    public void Practitioner_rules_choose(string fields, string rule, string route)
    {
        var decision = Decide(fields);

        Assert.Equal(route, decision.Chosen!.Route);
        Assert.Equal(rule, decision.Rule);
        Assert.Contains($"by rule '{rule}'", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Luma_is_neither_chosen_nor_ranked_cheapest_at_a_price_its_minimum_does_not_give()
    {
        var plain = Decide("""{"durationSeconds":9,"resolution":"4k","tags":{"quality":"draft"}}""");
        var hdr = Decide("""{"durationSeconds":9,"resolution":"4k","hdr":true}""");

        Assert.DoesNotContain(plain.Fallbacks.Append(plain.Chosen!), evaluation => evaluation.Route == "luma/ray-3");
        Assert.StartsWith("no price, so no budget can be reserved: only a minimum price is known for luma/ray-3",
            Assert.Single(plain.Rejections, rejection => rejection.Route == "luma/ray-3").Reasons[0], StringComparison.Ordinal);
        Assert.Null(hdr.Chosen);
        Assert.Contains("Rejected luma/ray-3: no price, so no budget can be reserved: only a minimum price is known", hdr.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_chooses_the_cheapest_of_its_eligible_routes()
    {
        var options = new RoutingOptions { PreferredRoutes = [new RulePreference { Rule = RoutingRules.Default, Routes = ["kling/kling-v3", "fal/kling-v3-standard"] }] };

        var decision = NewRouter(options, new PricingOptions { Packages = new Dictionary<string, string> { ["kling"] = "kling-package-3" } }).Route(Parse("""{"durationSeconds":5}"""), Today);

        Assert.Equal("kling/kling-v3", decision.Chosen!.Route);
        Assert.Equal(0.378m, decision.Chosen.Quote.CostUsd);
        Assert.Equal("fal/kling-v3-standard", decision.Fallbacks[0].Route);
    }

    [Fact]
    public void Hard_constraints_give_every_reason()
    {
        var decision = Decide("""{"durationSeconds":7,"aspectRatio":"4:3","audio":"native+voice","references":[{"kind":"image","uri":"https://x.example/1.png"},{"kind":"image","uri":"https://x.example/2.png"}]}""");

        var reasons = decision.Evaluations.ToDictionary(evaluation => evaluation.Route, evaluation => string.Join(" | ", evaluation.Reasons));
        Assert.Contains("does not offer aspect ratio 4:3 at 720p (offers 16:9, 9:16, 1:1)", reasons["fal/kling-v3-standard"], StringComparison.Ordinal);
        Assert.Contains("does not offer 7 s (offers 5, 10 s)", reasons["runway/gen4_turbo"], StringComparison.Ordinal);
        Assert.Contains("takes at most 1 image reference (got 2)", reasons["runway/gen4_turbo"], StringComparison.Ordinal);
        Assert.Contains("does not offer audio native+voice (offers none)", reasons["runway/gen4_turbo"], StringComparison.Ordinal);
        Assert.Contains("does not take image-to-video input (takes motion-control)", reasons["kling/kling-v3-motion-control"], StringComparison.Ordinal);
    }

    [Fact]
    public void Storyboards_must_fit_the_routes_shot_rules()
    {
        var decision = Decide("""{"durationSeconds":12,"resolution":"1080p","shots":[{"seconds":4,"prompt":"a"},{"seconds":4,"prompt":"b"},{"seconds":4,"prompt":"c"}]}""");

        Assert.True(decision.IsRefused);
        Assert.Contains("storyboard shots must add up to 5, 10, 15 s (got 12 s)", string.Join(" | ", decision.Evaluations.Single(e => e.Route == "fal/kling-v3-pro").Reasons), StringComparison.Ordinal);
        Assert.Contains("cannot make a storyboard in one call", string.Join(" | ", decision.Evaluations.Single(e => e.Route == "fal/seedance-2.0").Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void No_eligible_route_is_a_decision_not_an_exception()
    {
        var decision = Decide("""{"durationSeconds":20}""");

        Assert.True(decision.IsRefused);
        Assert.Null(decision.Rule);
        Assert.Empty(decision.CandidateRoutes);
        Assert.StartsWith("No eligible route", decision.Explanation, StringComparison.Ordinal);
        Assert.Contains("Rule 'long-form' applied (20 s is longer than 15 s)", decision.Explanation, StringComparison.Ordinal);
        Assert.Contains("Rejected fal/kling-v3-standard: does not offer 20 s (offers 3-15 s).", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_route_is_used_alone_or_refused_with_its_reasons()
    {
        var pinned = Decide("""{"durationSeconds":5,"route":"fal/seedance-2.0"}""");
        var refused = Decide("""{"durationSeconds":5,"route":"openai/sora-2"}""");

        Assert.Equal("fal/seedance-2.0", pinned.Chosen!.Route);
        Assert.Equal(Router.PinnedRule, pinned.Rule);
        Assert.Empty(pinned.Fallbacks);
        Assert.Contains("the request pins route fal/seedance-2.0", pinned.Evaluations.Single(e => e.Route == "fal/kling-v3-standard").Reasons, StringComparer.Ordinal);
        Assert.True(refused.IsRefused);
        Assert.Contains("past its sunset", refused.Explanation, StringComparison.Ordinal);
        Assert.Contains("does not offer 5 s", refused.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void With_every_rule_disabled_the_cheapest_eligible_route_wins()
    {
        var decision = Decide("""{"durationSeconds":5}""", options: new RoutingOptions { DisabledRules = [.. RoutingRules.All.Select(rule => rule.Id)] });

        Assert.Equal(Router.CheapestRule, decision.Rule);
        Assert.Equal("fal/pika-v2.2", decision.Chosen!.Route);
        Assert.All(decision.Fallbacks, fallback => Assert.True(fallback.Quote.CostUsd >= decision.Chosen.Quote.CostUsd));
    }

    [Fact]
    public void Configured_physics_terms_replace_the_built_in_ones()
    {
        var options = new RoutingOptions { PhysicsTerms = ["avalanche"], SunsetOverrides = ["openai/sora-2-pro"] };

        Assert.Equal("physics-hero", Decide("""{"durationSeconds":8,"resolution":"1080p","prompt":"an avalanche"}""", options: options).Rule);
        Assert.NotEqual("physics-hero", Decide("""{"durationSeconds":8,"resolution":"1080p","prompt":"water"}""", options: options).Rule);
    }

    [Fact]
    public void Options_naming_unknown_routes_or_rules_fail_fast()
    {
        var error = Assert.Throws<ArgumentException>(() => NewRouter(new RoutingOptions { DisabledRoutes = ["fal/nope"], DisabledRules = ["vibes"] }));

        Assert.Contains("fal/nope", error.Message, StringComparison.Ordinal);
        Assert.Contains("vibes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_route_definition_carries_what_an_adapter_needs()
    {
        Assert.Equal(18, RouteCatalog.Default.Routes.Count);
        Assert.All(RouteCatalog.Default.Routes, route =>
        {
            Assert.NotEmpty(route.Modes);
            Assert.All(route.Modes.Values, model => Assert.False(string.IsNullOrWhiteSpace(model.Model)));
            Assert.True(route.PollInterval > TimeSpan.Zero);
            Assert.True(route.Timeout > route.PollInterval);
        });
        var fal = RouteCatalog.Default.Get("fal/kling-v3-standard");
        Assert.Equal(VendorContract.FalQueue, fal.Contract);
        Assert.Equal("fal-ai/kling-video/v3/standard/text-to-video", fal.ModelFor(Core.Jobs.InputMode.TextToVideo)!.Model);
        Assert.True(fal.Webhooks);
        var runway = RouteCatalog.Default.Get("runway/gen4_turbo");
        Assert.Equal(new RouteModel("gen4_turbo", "/v1/image_to_video"), runway.ModelFor(Core.Jobs.InputMode.ImageToVideo));
        Assert.Equal("1280:720", runway.FormatFor(Core.Jobs.Resolution.P720)!.SizeFor("16:9"));
        Assert.False(runway.Webhooks);
        var sora = RouteCatalog.Default.Get("openai/sora-2-pro");
        Assert.Equal("1920x1080", sora.FormatFor(Core.Jobs.Resolution.P1080)!.SizeFor("16:9"));
        Assert.Equal(new DateOnly(2026, 9, 24), sora.Sunset);
        Assert.True(sora.C2paByDefault);
        Assert.Equal("pro", RouteCatalog.Default.Get("kling/kling-v3").FormatFor(Core.Jobs.Resolution.P1080)!.Mode);
        Assert.Equal("dreamina-seedance-2-0-260128", RouteCatalog.Default.Get("byteplus/seedance-2.0").ModelFor(Core.Jobs.InputMode.ReferenceToVideo)!.Model);
        Assert.Equal(VendorContract.ByteplusArk, RouteCatalog.Default.Get("byteplus/seedance-2.0").Contract);
    }
}
