using Orchestrator.Core.Pricing;
using static Orchestrator.Core.Tests.Pricing.Prices;

namespace Orchestrator.Core.Tests.Pricing;

/// <summary>Every pricing unit of pricing.md, with its worked figures.</summary>
public sealed class WorkedExampleTests
{
    [Theory]
    [InlineData("fal/kling-v3-standard", "720p", "none", 5, "0.42", "0.084")]
    [InlineData("fal/kling-v3-standard", "720p", "native", 5, "0.63", "0.126")]
    [InlineData("fal/kling-v3-standard", "720p", "native+voice", 10, "1.54", "0.154")]
    [InlineData("fal/kling-v3-pro", "1080p", "none", 5, "0.56", "0.112")]
    [InlineData("fal/kling-v3-pro", "1080p", "native", 15, "2.52", "0.168")]
    [InlineData("fal/kling-v3-pro", "1080p", "native+voice", 3, "0.588", "0.196")]
    public void Usd_per_second_kling_on_fal(string route, string resolution, string audio, int seconds, string cost, string perSecond)
    {
        var quote = Quote(route, $$"""{"durationSeconds":{{seconds}},"resolution":"{{resolution}}","audio":"{{audio}}"}""");

        Assert.Equal(RateUnit.UsdPerSecond, quote.Unit);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), quote.CostUsd);
        Assert.Equal(decimal.Parse(perSecond, System.Globalization.CultureInfo.InvariantCulture), quote.UsdPerSecond);
        Assert.Equal("S-AVB", quote.Source);
        Assert.Equal("2026-04-30", quote.SourceDate);
        Assert.Equal(Core.Routing.ProviderKind.Aggregator, quote.Provider);
        Assert.Equal("fal", quote.Vendor);
        Assert.StartsWith("fal-ai/kling-video/v3/", quote.Model, StringComparison.Ordinal);
        Assert.False(quote.RestsOnAssumption);
    }

    [Fact]
    public void Credits_runway_at_a_cent_each()
    {
        var gen4 = Quote("runway/gen4", """{"durationSeconds":10}""");
        Assert.Equal(RateUnit.CreditsPerSecond, gen4.Unit);
        Assert.Equal(120m, gen4.BilledUnits);
        Assert.Equal("credits", gen4.BilledUnitLabel);
        Assert.Equal(1.2m, gen4.CostUsd);
        Assert.Equal(0.12m, gen4.UsdPerSecond);
        Assert.Equal("runway-api-credits", gen4.Package!.Key);

        var turbo = Quote("runway/gen4_turbo", $$"""{"durationSeconds":5,"references":[{{Image}}]}""");
        Assert.Equal(25m, turbo.BilledUnits);
        Assert.Equal(0.25m, turbo.CostUsd);
        Assert.Equal("gen4_turbo", turbo.Model);
    }

    [Theory]
    [InlineData(null, "0.42", "0.14")]
    [InlineData("kling-package-3", "0.378", "0.126")]
    [InlineData("kling-trial-s", "0.294", "0.098")]
    public void Resource_units_times_the_chosen_package(string? package, string cost, string perUnit)
    {
        var options = package is null ? null : new PricingOptions { Packages = new Dictionary<string, string> { ["kling"] = package } };

        var quote = Quote("kling/kling-v3", """{"durationSeconds":5}""", options);

        Assert.Equal(RateUnit.ResourceUnitsPerSecond, quote.Unit);
        Assert.Equal(0.6m, quote.Rate);
        Assert.Equal(3m, quote.BilledUnits);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), quote.CostUsd);
        Assert.Equal(decimal.Parse(perUnit, System.Globalization.CultureInfo.InvariantCulture), quote.Package!.UsdPerUnit);
        Assert.Equal("S-KAPI", quote.Source);
        Assert.Equal("std", Routes.Get("kling/kling-v3").FormatFor(Core.Jobs.Resolution.P720)!.Mode);
    }

    [Theory]
    [InlineData("kling/kling-v3", """{"durationSeconds":10,"resolution":"1080p","audio":"native"}""", "12", "1.68")]
    [InlineData("kling/kling-v3", """{"durationSeconds":5,"resolution":"4k"}""", "15", "2.1")]
    [InlineData("kling/kling-v3-omni", """{"durationSeconds":5,"references":[VIDEO]}""", "4.5", "0.63")]
    [InlineData("kling/kling-v3-omni", """{"durationSeconds":10,"resolution":"1080p","audio":"native"}""", "10", "1.4")]
    [InlineData("kling/kling-v3-motion-control", """{"durationSeconds":10,"resolution":"1080p","references":[IMAGE,MOTION]}""", "12", "1.68")]
    public void Resource_units_per_feature(string route, string fields, string units, string cost)
    {
        var body = fields.Replace("VIDEO", Video(), StringComparison.Ordinal).Replace("IMAGE", Image, StringComparison.Ordinal)
            .Replace("MOTION", """{"kind":"video","uri":"https://cdn.example.com/dance.mp4","role":"motion"}""", StringComparison.Ordinal);

        var quote = Quote(route, body);

        Assert.Equal(decimal.Parse(units, System.Globalization.CultureInfo.InvariantCulture), quote.BilledUnits);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), quote.CostUsd);
    }

    [Theory]
    [InlineData("kling/kling-v2-1", "720p", 10, "4", "0.56", "std is assumed to be 720p")]
    [InlineData("kling/kling-v2-1", "1080p", 5, "3.5", "0.49", "pro is assumed to be 1080p")]
    [InlineData("kling/kling-v2-1-master", "1080p", 10, "20", "2.8", null)]
    public void Resource_units_per_fixed_block(string route, string resolution, int seconds, string units, string cost, string? tierAssumption)
    {
        var quote = Quote(route, $$"""{"durationSeconds":{{seconds}},"resolution":"{{resolution}}"}""");

        Assert.Equal(RateUnit.ResourceUnitsPerClip, quote.Unit);
        Assert.Equal(decimal.Parse(units, System.Globalization.CultureInfo.InvariantCulture), quote.BilledUnits);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), quote.CostUsd);
        // pricing.md gives the legacy std/pro blocks no resolution: the quote must say it rests on the catalog's choice.
        Assert.Equal(tierAssumption is null ? 0 : 1, quote.Assumptions.Count);
        Assert.All(quote.Assumptions, note => Assert.Contains(tierAssumption!, note, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5, "0.556")]
    [InlineData(10, "1.111")]
    public void Fixed_clip_kling_o1(int seconds, string cost)
    {
        var quote = Quote("kling/kling-o1-i2v", $$"""{"durationSeconds":{{seconds}},"resolution":"1080p","references":[{{Image}}]}""");

        Assert.Equal(RateUnit.FixedClip, quote.Unit);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), quote.CostUsd);
        Assert.Equal("S-HF", quote.Source);
    }

    [Theory]
    [InlineData("kling/kling-o1-i2v", """{"durationSeconds":7,"resolution":"1080p","references":[IMAGE]}""", "fixed 5 or 10 s clips; 7 s is refused")]
    [InlineData("kling/kling-v2-1-master", """{"durationSeconds":8,"resolution":"1080p"}""", "fixed 5 or 10 s clips; 8 s is refused")]
    public void Fixed_lengths_refuse_other_durations(string route, string fields, string reason)
    {
        var quote = Quote(route, fields.Replace("IMAGE", Image, StringComparison.Ordinal));

        Assert.False(quote.IsPriced);
        Assert.Contains(reason, quote.Unpriced, StringComparison.Ordinal);
        Assert.Equal(0m, quote.CostUsd);
    }

    [Theory]
    [InlineData("fal/seedance-2.0", "720p", "16:9", "108000", "1.512", "0.3024")]
    [InlineData("fal/seedance-2.0", "480p", "16:9", "48037.5", "0.672525", "0.134505")]
    [InlineData("fal/seedance-2.0", "720p", "1:1", "60750", "0.8505", "0.1701")]
    [InlineData("fal/seedance-2.0-fast", "720p", "16:9", "108000", "1.2096", "0.24192")]
    [InlineData("fal/seedance-2.0-mini", "720p", "9:16", "108000", "0.756", "0.1512")]
    public void Token_formula_seedance(string route, string resolution, string aspect, string tokens, string cost, string perSecond)
    {
        var quote = Quote(route, $$"""{"durationSeconds":5,"resolution":"{{resolution}}","aspectRatio":"{{aspect}}"}""");

        Assert.Equal(RateUnit.TokenFormula, quote.Unit);
        Assert.Equal(decimal.Parse(tokens, System.Globalization.CultureInfo.InvariantCulture), quote.BilledUnits);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), quote.CostUsd);
        Assert.Equal(decimal.Parse(perSecond, System.Globalization.CultureInfo.InvariantCulture), quote.UsdPerSecond);
    }

    [Fact]
    public void Token_formula_bills_input_video_seconds_at_six_tenths()
    {
        var quote = Quote("fal/seedance-2.0", $$"""{"durationSeconds":5,"references":[{{Video(4)}}]}""");

        // (4 s input + 5 s output) x 1280 x 720 x 24 / 1024 = 194400 tokens x 0.014 / 1000 = 2.7216 USD, x 0.6
        Assert.Equal(194400m, quote.BilledUnits);
        Assert.Equal(1.63296m, quote.CostUsd);
        Assert.Equal("fal-seedance-video-reference-fal", Assert.Single(quote.Multipliers).RowId);
        Assert.False(quote.RestsOnAssumption);
    }

    [Fact]
    public void An_unknown_reference_length_is_assumed_and_said()
    {
        var quote = Quote("fal/seedance-2.0", $$"""{"durationSeconds":5,"references":[{{Video()}}]}""");

        Assert.Equal(432000m, quote.BilledUnits);
        Assert.Equal(3.6288m, quote.CostUsd);
        Assert.Contains(quote.Assumptions, assumption => assumption.Contains("15 s assumed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_multiplier_applies_only_to_the_unit_it_names()
    {
        var tokens = Quote("fal/seedance-2.0-fast", $$"""{"durationSeconds":5,"resolution":"480p","references":[{{Video(4)}}]}""");
        var perSecond = Quote("fal/seedance-2.0-fast", $$"""{"priceSource":"S-AVB","durationSeconds":5,"resolution":"480p","references":[{{Video(4)}}]}""");

        Assert.Equal(RateUnit.TokenFormula, tokens.Unit);
        Assert.Equal(0.581062m, tokens.CostUsd);
        Assert.Equal(RateUnit.UsdPerSecond, perSecond.Unit);
        Assert.Equal(0.75m, perSecond.CostUsd);
        Assert.Empty(perSecond.Multipliers);
    }

    [Fact]
    public void Per_generation_luma_with_the_hdr_surcharge()
    {
        var sdr = Quote("luma/ray-3", """{"durationSeconds":5,"resolution":"540p"}""");
        var hdr = Quote("luma/ray-3", """{"durationSeconds":5,"resolution":"540p","hdr":true}""");

        Assert.Equal(RateUnit.PerGeneration, sdr.Unit);
        Assert.Equal(0.32m, sdr.CostUsd);
        Assert.Contains("smallest generation", Assert.Single(sdr.Assumptions), StringComparison.Ordinal);
        Assert.Equal(0.96m, hdr.CostUsd);
        Assert.Equal(3m, Assert.Single(hdr.Multipliers).Factor);
        Assert.Equal(2, hdr.Assumptions.Count);
    }

    [Theory]
    [InlineData("""{"durationSeconds":9,"resolution":"4k"}""", "9 s at 4k")]
    [InlineData("""{"durationSeconds":5,"resolution":"1080p","hdr":true}""", "5 s at 1080p")]
    [InlineData("""{"durationSeconds":9,"resolution":"540p"}""", "9 s at 540p")]
    public void Lumas_from_price_is_a_minimum_that_prices_no_larger_generation(string fields, string request)
    {
        var quote = Quote("luma/ray-3", fields);
        var worst = WorstCase("luma/ray-3", fields);

        Assert.False(quote.IsPriced);
        Assert.False(worst.IsPriced);
        Assert.Equal(0m, worst.CostUsd);
        Assert.StartsWith("only a minimum price is known for luma/ray-3: 'Luma Dream Machine API: from about 0.32 USD per generation' (S-FORA), taken as the price of 540p up to 5 s", quote.Unpriced, StringComparison.Ordinal);
        Assert.Contains($"{request} costs more", quote.Unpriced, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_clip_and_per_block_pika()
    {
        var drafts = Quote("fal/pika-v2.2", """{"durationSeconds":5}""");
        var tenSeconds = Quote("fal/pika-v2.2", """{"durationSeconds":10,"resolution":"1080p"}""");
        var perClip = Quote("fal/pika-v2.2", """{"durationSeconds":10,"resolution":"1080p","priceSource":"S-FORA"}""");

        Assert.Equal(0.2m, drafts.CostUsd);
        Assert.False(drafts.RestsOnAssumption);
        Assert.Equal(0.9m, tenSeconds.CostUsd);
        Assert.Contains(tenSeconds.Assumptions, assumption => assumption.Contains("two 5 s blocks", StringComparison.Ordinal));
        Assert.Equal(RateUnit.PerClip, perClip.Unit);
        Assert.Equal(0.45m, perClip.CostUsd);
        Assert.Equal(0.045m, perClip.UsdPerSecond);
    }

    [Fact]
    public void Sora_rates_with_long_form_above_twelve_seconds()
    {
        Assert.Equal(0.8m, Quote("openai/sora-2", """{"durationSeconds":8}""").CostUsd);
        var pro = Quote("openai/sora-2-pro", """{"durationSeconds":12,"resolution":"1080p"}""");
        Assert.Equal(3.6m, pro.CostUsd);
        var longForm = Quote("openai/sora-2-pro", """{"durationSeconds":20,"resolution":"1080p"}""");
        Assert.Equal(10m, longForm.CostUsd);
        Assert.Equal("sora-2-pro-long-form-1080p-avb", longForm.RowId);
        Assert.True(longForm.RestsOnAssumption);
    }
}
