using System.Text;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;

namespace Orchestrator.Core.Tests.Pricing;

public sealed class RateCatalogTests
{
    private static readonly RateCatalog Catalog = RateCatalog.Default;

    [Fact]
    public void The_known_bad_seedance_credit_rows_are_flagged_and_nothing_else_is()
    {
        var errors = Catalog.Findings.Where(finding => finding.Severity == FindingSeverity.Error).ToList();

        Assert.Equal(["seedance-2.0-1080p-credits-kapi", "seedance-2.0-fast-720p-credits-kapi"], errors.Select(error => error.Subject).Distinct().Order());
        Assert.Contains(errors, error => error.Message.Contains("120 credits x 0.031 USD/credit = 3.72 USD", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Message.Contains("0.031 USD/s x 10 s = 0.31 USD, but the row states 0.93", StringComparison.Ordinal));
        Assert.True(Catalog.IsFlagged("seedance-2.0-fast-720p-credits-kapi"));
        Assert.False(Catalog.IsFlagged("fal-seedance-2.0-token-avb"));
    }

    [Fact]
    public void Rows_that_reconcile_are_not_flagged()
    {
        // Stated figures that add up: 12 credits x 0.01 = 0.12 USD/s; 1280x720 tokens at 0.014 = 0.3024 USD/s; 45 USD / 100 clips.
        foreach (var id in new[] { "runway-gen4-fora", "fal-seedance-2.0-token-avb", "fal-seedance-2.0-fast-token-flat", "fal-pika-1080p-per-clip-fora" })
        {
            Assert.NotNull(Catalog.Rows.Single(row => row.Id == id).Stated);
            Assert.False(Catalog.IsFlagged(id), id);
        }
    }

    [Fact]
    public void Conflicting_sources_stay_side_by_side_and_are_reported()
    {
        var conflict = Assert.Single(Catalog.Findings, finding => finding.Code == "conflict" && finding.Subject == "openai/sora-2-pro");

        Assert.Equal(FindingSeverity.Warning, conflict.Severity);
        Assert.Contains("S-AVB 0.3 USD/s", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("S-FORA 0.7 USD/s", conflict.Message, StringComparison.Ordinal);
        Assert.Contains(Catalog.RowsFor("openai/sora-2-pro"), row => row.Id == "sora-2-pro-1080p-avb");
        Assert.Contains(Catalog.RowsFor("openai/sora-2-pro"), row => row.Id == "sora-2-pro-1080p-fora");
    }

    [Fact]
    public void Every_source_carries_its_date()
    {
        Assert.Equal(["S-AVB", "S-FAL", "S-FLAT", "S-FORA", "S-HF", "S-KAPI"], Catalog.SourceKeys.Order(StringComparer.Ordinal));
        Assert.Equal("2026-04-30", Catalog.Source("S-AVB").Date);
        Assert.Equal("2026-04-09", Catalog.Source("S-HF").Date);
        Assert.Equal("2026-06-01", Catalog.Source("S-FORA").Date);
        Assert.Equal("2026-06-24", Catalog.Source("S-FLAT").Date);
        Assert.All(Catalog.Rows, row => Assert.Contains(row.Source, Catalog.SourceKeys));
    }

    /// <summary>The figures of pricing.md, one per row: each must be in the catalog under its source.</summary>
    [Theory]
    [InlineData("S-AVB", "0.10", "0.30", "0.50", "0.084", "0.126", "0.154", "0.112", "0.168", "0.196", "0.014", "0.15", "0.06", "1.05")]
    [InlineData("S-FORA", "0.10", "0.30", "0.50", "0.70", "0.5", "12", "5", "6", "0.45", "80", "330", "1120", "400", "3", "0.32", "0.05", "0.40", "1.89")]
    [InlineData("S-FAL", "0.14", "0.42", "0.007", "0.6", "0.20", "0.45")]
    [InlineData("S-HF", "0.075", "0.113", "0.100", "0.150", "0.125", "0.556", "1.111", "0.151")]
    [InlineData("S-KAPI", "0.6", "0.9", "0.8", "1.2", "1.0", "3.0", "2.0", "4.0", "3.5", "7.0", "10.0", "20.0", "0.071", "0.095", "0.079", "0.106", "0.10", "0.15", "0.084", "0.112", "120", "300")]
    [InlineData("S-FLAT", "0.3034", "0.682", "0.008", "0.0112", "0.063")]
    public void Every_figure_of_the_pricing_facts_is_in_the_catalog(string source, params string[] figures)
    {
        var present = Catalog.Rows.Where(row => row.Source == source).SelectMany(Figures).ToHashSet();

        foreach (var figure in figures)
        {
            Assert.True(present.Contains(decimal.Parse(figure, System.Globalization.CultureInfo.InvariantCulture)), $"{source} has no row with {figure}");
        }
    }

    [Fact]
    public void The_packages_of_pricing_md_are_in_the_catalog_and_reconcile()
    {
        Assert.Equal([0.098m, 0.098m, 0.14m, 0.14m, 0.126m, 0.126m],
            Catalog.Packages.Where(package => package.Kind == "api-resource-package").Select(package => Math.Round(package.EffectiveUsdPerUnit!.Value, 4)));
        Assert.Equal(0.01m, Catalog.Package("runway-api-credits")!.UsdPerUnit);
        Assert.False(Catalog.Package("runway-pro")!.FundsApi);
        Assert.Equal(0.031m, Catalog.Package("seedance-points-standard")!.UsdPerUnit);
        Assert.Equal(4, Catalog.Packages.Count(package => package.Vendor == "pika"));
        Assert.Equal(4, Catalog.Packages.Count(package => package.Kind == "consumer-plan" && package.Vendor == "kling"));
        Assert.DoesNotContain(Catalog.Findings, finding => finding.Subject.Contains("package", StringComparison.Ordinal) && finding.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void Every_offered_combination_of_every_route_has_a_price()
    {
        var calculator = new CostCalculator(Catalog);
        var unpriced = new List<string>();
        foreach (var route in RouteCatalog.Default.Routes)
        {
            foreach (var (mode, format, audio, seconds) in
                     from mode in route.Modes.Keys
                     from format in route.Formats
                     from audio in route.Audio
                     from seconds in route.Durations
                     select (mode, format, audio, seconds))
            {
                var request = Synthetic(mode, format.Resolution, format.AspectRatios[0], audio, seconds);
                Assert.Equal(mode, request.InputMode);
                var quote = calculator.Quote(request, route);
                if (!quote.IsPriced || quote.CostUsd <= 0m)
                {
                    unpriced.Add($"{route.Id} {mode} {format.Resolution} {audio} {seconds}s: {quote.Unpriced}");
                }
            }
        }
        // Luma's only API price is a minimum: the smallest generation (540p, 5 s) is priced, nothing larger is.
        var belowMinimum = unpriced.Where(entry => entry.StartsWith("luma/ray-3 ", StringComparison.Ordinal) && entry.Contains(": only a minimum price is known", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 7, belowMinimum.Count); // 2 input modes x (4 resolutions x 2 lengths - 540p 5 s)
        Assert.Empty(unpriced.Except(belowMinimum));
    }

    [Fact]
    public void A_minimum_price_must_be_limited_to_the_request_it_describes()
    {
        const string Floor = """{"id":"floor","label":"from 1 USD","source":"S-X","routes":["luma/ray-3"],"unit":"per-generation","usdPerGeneration":1,"minimum":true""";

        var error = Assert.Throws<CatalogFormatException>(() => Custom(Floor + ""","resolution":"540p"}"""));
        var limited = Custom(Floor + ""","resolution":"540p","maxSeconds":5}""");

        Assert.Contains("Row floor: a minimum price must be limited", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.True(Assert.Single(limited.Rows).Minimum);
        Assert.True(Catalog.Rows.Single(row => row.Id == "luma-api-per-generation-fora").Minimum);
    }

    [Fact]
    public void A_flagged_row_never_prices_a_quote()
    {
        var onlyBad = Custom(BadRow("bad-row"));
        var both = Custom(BadRow("bad-row"), """{"id":"good-row","label":"good","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"usd-per-second","usdPerSecond":0.09}""");
        var request = Requests.Parse("""{"durationSeconds":5}""");
        var route = RouteCatalog.Default.Get("fal/kling-v3-standard");

        Assert.True(onlyBad.IsFlagged("bad-row"));
        Assert.False(new CostCalculator(onlyBad).Quote(request, route).IsPriced);
        var quote = new CostCalculator(both).Quote(request, route);
        Assert.Equal("good-row", quote.RowId);
        Assert.Equal(0.45m, quote.CostUsd);
    }

    [Fact]
    public void A_malformed_catalog_is_refused_with_every_problem()
    {
        var error = Assert.Throws<CatalogFormatException>(() => Custom(
            """{"id":"a","label":"a","source":"S-NOPE","routes":["fal/kling-v3-standard"],"unit":"usd-per-second","usdPerSecond":0.1}""",
            """{"id":"a","label":"dup","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"token-formula"}""",
            """{"id":"b","label":"gpu","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"usd-per-gpu-hour","usdPerGpuHour":1}"""));

        Assert.Contains(error.Problems, problem => problem.Contains("unknown source 'S-NOPE'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Contains("'a' is defined more than once", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Contains("needs usdPer1000Tokens", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Contains("cannot price a clip", StringComparison.Ordinal));
    }

    [Fact]
    public void A_row_pricing_a_route_the_router_does_not_know_is_refused()
    {
        var catalog = Custom(
            """{"id":"typo","label":"t","source":"S-X","routes":["fal/kling-v3-standrad"],"unit":"usd-per-second","usdPerSecond":0.1}""",
            """{"id":"fine","label":"f","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"usd-per-second","usdPerSecond":0.1}""");

        var error = Assert.Throws<ArgumentException>(() => new Router(RouteCatalog.Default, new CostCalculator(catalog)));

        Assert.Contains("rate row 'typo' prices route 'fal/kling-v3-standrad'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'fine'", error.Message, StringComparison.Ordinal);
        Assert.Empty(new CostCalculator(RateCatalog.Default).UnknownRoutes(RouteCatalog.Default.Ids));
    }

    [Fact]
    public void A_misspelt_field_in_the_catalog_is_an_error_not_a_default()
    {
        var error = Assert.Throws<CatalogFormatException>(() => Custom("""{"id":"a","label":"a","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"usd-per-second","usdPerSecnd":0.1}"""));

        Assert.Contains("usdPerSecnd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_file_replaces_the_shipped_catalog()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rates-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CustomJson("""{"id":"override","label":"o","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"usd-per-second","usdPerSecond":0.2}"""));
        try
        {
            var catalog = RateCatalog.Load(path);

            Assert.Equal("override", Assert.Single(catalog.Rows).Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string BadRow(string id) =>
        $$$"""{"id":"{{{id}}}","label":"bad","source":"S-X","routes":["fal/kling-v3-standard"],"unit":"usd-per-second","usdPerSecond":0.05,"stated":{"usdPerSecond":0.05,"clipSeconds":10,"usdPerClip":0.93}}""";

    private static RateCatalog Custom(params string[] rows) => RateCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(CustomJson(rows))));

    private static string CustomJson(params string[] rows)
    {
        var billing = string.Join(',', Enum.GetValues<TerminalStatus>().Select(status => $$"""{"vendor":"*","status":"{{WireNames.Of(status)}}","billed":true,"source":"S-X"}"""));
        return $$"""{"sources":[{"key":"S-X","title":"test","date":"2026-01-01","dateKind":"verified"}],"packages":[],"rates":[{{string.Join(',', rows)}}],"billing":[{{billing}}]}""";
    }

    private static IEnumerable<decimal> Figures(RateRow row) =>
        new[] { row.UsdPerSecond, row.CreditsPerSecond, row.UnitsPerSecond, row.UsdPer1000Tokens, row.UsdPerClip, row.UsdPerGeneration, row.Credits, row.Factor, row.MinFactor, row.UsdPerGpuHour }
            .Where(value => value is not null).Select(value => value!.Value)
            .Concat(row.Clips?.Select(clip => clip.Amount) ?? []);

    private static JobRequest Synthetic(InputMode mode, Resolution resolution, string aspect, AudioMode audio, int seconds)
    {
        var image = new JobReference(ReferenceKind.Image, "https://cdn.example.com/i.png");
        var video = new JobReference(ReferenceKind.Video, "https://cdn.example.com/v.mp4", Seconds: 5m);
        return new JobRequest
        {
            Team = "t",
            Prompt = "p",
            DurationSeconds = seconds,
            Resolution = resolution,
            AspectRatio = aspect,
            Audio = audio,
            Intent = mode == InputMode.VideoToVideo ? JobIntent.Edit : JobIntent.Generate,
            References = mode switch
            {
                InputMode.ImageToVideo => [image],
                InputMode.ReferenceToVideo or InputMode.VideoToVideo => [video],
                InputMode.MotionControl => [image, video with { Role = ReferenceRole.Motion }],
                _ => [],
            },
        };
    }
}
