using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;

namespace Orchestrator.Core.Tests.Pricing;

/// <summary>The shipped catalogs and a calculator over them, for pricing tests.</summary>
internal static class Prices
{
    public static RouteCatalog Routes => RouteCatalog.Default;

    public static PriceQuote Quote(string route, string fields, PricingOptions? options = null) =>
        new CostCalculator(RateCatalog.Default, options).Quote(Requests.Parse(fields), Routes.Get(route));

    public static PriceQuote WorstCase(string route, string fields, PricingOptions? options = null) =>
        new CostCalculator(RateCatalog.Default, options).WorstCase(Requests.Parse(fields), Routes.Get(route));

    public static PriceQuote Actual(string route, string fields, TerminalStatus status, VendorUsage usage) =>
        new CostCalculator(RateCatalog.Default).Actual(Requests.Parse(fields), Routes.Get(route), status, usage);

    public const string Image = """{"kind":"image","uri":"https://cdn.example.com/start.png"}""";

    public static string Video(decimal? seconds = null) =>
        seconds is null ? """{"kind":"video","uri":"https://cdn.example.com/ref.mp4"}""" : $$"""{"kind":"video","uri":"https://cdn.example.com/ref.mp4","seconds":{{seconds}}}""";
}
