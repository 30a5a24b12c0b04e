using Orchestrator.Core.Pricing;
using static Orchestrator.Core.Tests.Pricing.Prices;

namespace Orchestrator.Core.Tests.Pricing;

public sealed class WorstCaseAndActualTests
{
    [Fact]
    public void The_worst_case_takes_the_highest_source()
    {
        var quote = Quote("openai/sora-2-pro", """{"durationSeconds":8,"resolution":"1080p"}""");
        var worst = WorstCase("openai/sora-2-pro", """{"durationSeconds":8,"resolution":"1080p"}""");

        Assert.Equal(2.4m, quote.CostUsd);
        Assert.Equal(5.6m, worst.CostUsd);
        Assert.Equal(PriceBasis.WorstCase, worst.Basis);
        Assert.Equal("S-FORA", worst.Source);
    }

    [Fact]
    public void The_worst_case_takes_the_dearest_api_package()
    {
        var options = new PricingOptions { Packages = new Dictionary<string, string> { ["kling"] = "kling-package-3" } };

        var quote = Quote("kling/kling-v3", """{"durationSeconds":5}""", options);
        var worst = WorstCase("kling/kling-v3", """{"durationSeconds":5}""", options);

        Assert.Equal(0.378m, quote.CostUsd);
        Assert.Equal(0.42m, worst.CostUsd);
        Assert.Equal(0.14m, worst.Package!.UsdPerUnit);
    }

    [Theory]
    [InlineData("5.4", "5", "0.42")]
    [InlineData("5.5", "6", "0.504")]
    [InlineData("4.49", "4", "0.336")]
    public void Kling_rounds_billed_seconds_to_the_nearest_whole_second(string reported, string billed, string cost)
    {
        var actual = Actual("kling/kling-v3", """{"durationSeconds":5}""", TerminalStatus.Completed, new VendorUsage { OutputSeconds = decimal.Parse(reported, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(decimal.Parse(billed, System.Globalization.CultureInfo.InvariantCulture) * 0.6m, actual.BilledUnits);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), actual.CostUsd);
        Assert.Contains(actual.Assumptions, note => note.Contains("nearest whole second", StringComparison.Ordinal));
    }

    [Fact]
    public void Aggregators_bill_the_reported_seconds_unrounded()
    {
        var actual = Actual("fal/kling-v3-standard", """{"durationSeconds":5}""", TerminalStatus.Completed, new VendorUsage { OutputSeconds = 5.4m });

        Assert.Equal(0.4536m, actual.CostUsd);
        Assert.Equal(0.084m, actual.UsdPerSecond);
    }

    [Fact]
    public void Reported_tokens_and_the_model_that_ran_make_the_cost_row()
    {
        var actual = Actual("byteplus/seedance-2.0", """{"durationSeconds":5}""", TerminalStatus.Completed, new VendorUsage { Tokens = 100_000m, OutputSeconds = 5m, Model = "dreamina-seedance-2-0-fast" });

        Assert.Equal(100_000m, actual.BilledUnits);
        Assert.Equal(1.4m, actual.CostUsd);
        Assert.Equal("dreamina-seedance-2-0-fast", actual.Model);
        Assert.True(actual.Billed);
        Assert.True(actual.RestsOnAssumption);
    }

    [Fact]
    public void A_prompt_we_blocked_is_never_billed()
    {
        var actual = Actual("fal/kling-v3-standard", """{"durationSeconds":5}""", TerminalStatus.ModeratedByUs, VendorUsage.None);

        Assert.False(actual.Billed);
        Assert.Equal(0m, actual.CostUsd);
        Assert.Equal(TerminalStatus.ModeratedByUs, actual.Status);
        Assert.Contains("never submitted", actual.BillingNote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TerminalStatus.Failed, true)]
    [InlineData(TerminalStatus.Canceled, true)]
    [InlineData(TerminalStatus.Expired, true)]
    [InlineData(TerminalStatus.TimedOut, true)]
    [InlineData(TerminalStatus.RefusedByVendor, false)]
    [InlineData(TerminalStatus.Completed, false)]
    public void Statuses_no_source_settles_are_billed_conservatively_and_marked(TerminalStatus status, bool assumed)
    {
        var actual = Actual("fal/kling-v3-standard", """{"durationSeconds":5}""", status, VendorUsage.None);

        Assert.True(actual.Billed);
        Assert.Equal(0.42m, actual.CostUsd);
        Assert.Equal(assumed, RateCatalog.Default.BillingRuleFor("fal", status).Assumption is not null);
    }

    [Fact]
    public void Every_vendor_and_status_has_a_billing_decision()
    {
        foreach (var vendor in Routes.Routes.Select(route => route.Vendor).Distinct())
        {
            foreach (var status in Enum.GetValues<TerminalStatus>())
            {
                var rule = RateCatalog.Default.BillingRuleFor(vendor, status);
                Assert.True(rule.Source is not null || rule.Assumption is not null, $"{vendor}/{status}");
            }
        }
    }

    [Fact]
    public void Forecast_multiplies_clips_cost_and_regenerations()
    {
        var quote = Quote("fal/kling-v3-standard", """{"durationSeconds":5}""");

        var tripled = Forecast.Monthly(quote, 1000, 3m);
        var fromSuccessRate = Forecast.Monthly(quote, 1000, Forecast.AttemptsFromSuccessRate(0.7m));

        Assert.Equal(1260m, tripled.MonthlyUsd);
        Assert.Equal(1.26m, tripled.CostPerKeptClipUsd);
        Assert.Equal(1.428571m, fromSuccessRate.AttemptsPerKeptClip);
        Assert.Equal(600m, fromSuccessRate.MonthlyUsd);
        Assert.Throws<ArgumentOutOfRangeException>(() => Forecast.AttemptsFromSuccessRate(0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Forecast.Monthly(quote, 10, 0.5m));
    }
}
