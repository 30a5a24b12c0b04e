using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using static Orchestrator.Core.Tests.Pricing.Prices;

namespace Orchestrator.Core.Tests.Pricing;

/// <summary>Conflicting rows coexist; the request's priceSource, then configuration, then the catalog pick one.</summary>
public sealed class SourceOfRecordTests
{
    private const string ProTenEighty = """{"durationSeconds":8,"resolution":"1080p"}""";

    private static PricingOptions Configured(string route, string source) => new() { SourceOfRecord = [new SourceOfRecordEntry { Route = route, Source = source }] };

    [Fact]
    public void The_catalog_picks_when_nobody_else_does()
    {
        var quote = Quote("openai/sora-2-pro", ProTenEighty);

        Assert.Equal(2.4m, quote.CostUsd);
        Assert.Equal("S-AVB", quote.Source);
        Assert.Contains("catalog", quote.SourceChoice, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_overrides_the_catalog()
    {
        var quote = Quote("openai/sora-2-pro", ProTenEighty, Configured("openai/sora-2-pro", "S-FORA"));

        Assert.Equal(5.6m, quote.CostUsd);
        Assert.Equal("S-FORA", quote.Source);
        Assert.Equal("2026-06-01", quote.SourceDate);
        Assert.Contains("configured", quote.SourceChoice, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_overrides_configuration()
    {
        var quote = Quote("openai/sora-2-pro", """{"durationSeconds":8,"resolution":"1080p","priceSource":"S-AVB"}""", Configured("openai/sora-2-pro", "S-FORA"));

        Assert.Equal(2.4m, quote.CostUsd);
        Assert.Contains("request", quote.SourceChoice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_without_a_row_falls_through_and_says_so()
    {
        var quote = Quote("openai/sora-2-pro", """{"durationSeconds":8,"priceSource":"S-AVB"}""");

        Assert.Equal("S-FORA", quote.Source);
        Assert.Equal(2.4m, quote.CostUsd);
        Assert.Contains(quote.Assumptions, note => note.Contains("priceSource (S-AVB) has no row", StringComparison.Ordinal));
    }

    [Fact]
    public void Kling_official_per_second_and_unit_rows_coexist()
    {
        var units = Quote("kling/kling-v3", """{"durationSeconds":10}""");
        var perSecond = Quote("kling/kling-v3", """{"durationSeconds":10,"priceSource":"S-HF"}""");

        Assert.Equal(0.84m, units.CostUsd);
        Assert.Equal(0.75m, perSecond.CostUsd);
        Assert.Equal(RateUnit.UsdPerSecond, perSecond.Unit);
    }

    [Fact]
    public void Options_naming_unknown_sources_or_packages_fail_fast()
    {
        var options = new PricingOptions
        {
            SourceOfRecord = [new SourceOfRecordEntry { Route = "kling/kling-v3", Source = "S-NOPE" }],
            Packages = new Dictionary<string, string> { ["kling"] = "kling-package-9" },
        };

        var error = Assert.Throws<ArgumentException>(() => new CostCalculator(RateCatalog.Default, options));

        Assert.Contains("S-NOPE", error.Message, StringComparison.Ordinal);
        Assert.Contains("kling-package-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_of_record_for_a_misspelt_route_is_refused_where_the_routes_are_known()
    {
        var calculator = new CostCalculator(RateCatalog.Default, Configured("openai/sora2-pro", "S-FORA"));

        var error = Assert.Throws<ArgumentException>(() => new Router(RouteCatalog.Default, calculator));

        Assert.Contains("SourceOfRecord names route 'openai/sora2-pro' (source S-FORA)", error.Message, StringComparison.Ordinal);
        Assert.Empty(new CostCalculator(RateCatalog.Default, Configured("openai/sora-2-pro", "S-FORA")).UnknownRoutes(RouteCatalog.Default.Ids));
    }
}
