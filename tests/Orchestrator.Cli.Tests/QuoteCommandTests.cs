using System.Text.Json;
using Orchestrator.Testing;

namespace Orchestrator.Cli.Tests;

/// <summary>The real <c>orchestrator quote</c> command, run as a child process: file and stdin input, exit codes, JSON output.</summary>
public sealed class QuoteCommandTests : IDisposable
{
    private const string Today = "2026-11-21";
    private readonly string folder = Directory.CreateTempSubdirectory("orchestrator-quote-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static JsonElement Json(ProgramRun result)
    {
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    private static JsonElement Route(JsonElement report, string id) => report.GetProperty("routes").EnumerateArray().Single(entry => entry.GetProperty("route").GetString() == id);

    [Fact]
    public async Task A_request_file_is_priced_on_every_route_with_the_routers_choice()
    {
        var file = Write("request.json", """{"team":"studio-a","prompt":"a lighthouse at dusk","durationSeconds":5}""");

        var result = await OrchestratorCli.RunAsync(["quote", file, "--as-of", Today]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = Json(result);
        Assert.Equal(18, report.GetProperty("routes").GetArrayLength());
        var kling = Route(report, "fal/kling-v3-standard");
        Assert.True(kling.GetProperty("eligible").GetBoolean());
        Assert.Equal("fal", kling.GetProperty("vendor").GetString());
        Assert.Equal("usd-per-second", kling.GetProperty("unit").GetString());
        Assert.Equal(0.084m, kling.GetProperty("rate").GetDecimal());
        Assert.Equal(5m, kling.GetProperty("billedUnits").GetDecimal());
        Assert.Equal(0.42m, kling.GetProperty("costUsd").GetDecimal());
        Assert.Equal(0.084m, kling.GetProperty("usdPerSecond").GetDecimal());
        Assert.Equal("S-AVB", kling.GetProperty("source").GetString());
        Assert.Equal("2026-04-30", kling.GetProperty("sourceDate").GetString());
        var sora = Route(report, "openai/sora-2");
        Assert.False(sora.GetProperty("eligible").GetBoolean());
        Assert.Contains("past its sunset on 2026-09-24", sora.GetProperty("rejectionReasons")[0].GetString(), StringComparison.Ordinal);
        var choice = report.GetProperty("choice");
        Assert.Equal("fal/kling-v3-standard", choice.GetProperty("route").GetString());
        Assert.Equal("default", choice.GetProperty("rule").GetString());
        Assert.Equal(0.42m, choice.GetProperty("worstCaseUsd").GetDecimal());
        Assert.StartsWith("Chose fal/kling-v3-standard by rule 'default'", report.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.True(report.GetProperty("moderation").GetProperty("allowed").GetBoolean());
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [InlineData("-")]
    [InlineData(null)]
    public async Task The_request_can_come_on_stdin(string? dash)
    {
        string[] arguments = dash is null ? ["quote", "--as-of", Today] : ["quote", dash, "--as-of", Today];

        var result = await OrchestratorCli.RunAsync(arguments, stdin: """{"team":"t","prompt":"p","durationSeconds":10,"resolution":"1080p","audio":"native"}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1.68m, Route(Json(result), "fal/kling-v3-pro").GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task Route_prices_one_route_and_pins_the_choice()
    {
        var result = await OrchestratorCli.RunAsync(["quote", "--route", "fal/seedance-2.0", "--as-of", Today], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = Json(result);
        var only = Assert.Single(report.GetProperty("routes").EnumerateArray());
        Assert.Equal("token-formula", only.GetProperty("unit").GetString());
        Assert.Equal(108000m, only.GetProperty("billedUnits").GetDecimal());
        Assert.Equal(1.512m, only.GetProperty("costUsd").GetDecimal());
        Assert.Equal("pinned", report.GetProperty("choice").GetProperty("rule").GetString());
        Assert.Equal(0, report.GetProperty("choice").GetProperty("fallbacks").GetArrayLength());
    }

    [Fact]
    public async Task Price_source_picks_the_source_of_record()
    {
        const string request = """{"team":"t","prompt":"p","durationSeconds":8,"resolution":"1080p"}""";

        var byCatalog = await OrchestratorCli.RunAsync(["quote", "--route", "openai/sora-2-pro", "--as-of", "2026-09-01"], stdin: request);
        var byOption = await OrchestratorCli.RunAsync(["quote", "--route", "openai/sora-2-pro", "--as-of", "2026-09-01", "--price-source", "S-FORA"], stdin: request);

        Assert.Equal(2.4m, Route(Json(byCatalog), "openai/sora-2-pro").GetProperty("costUsd").GetDecimal());
        var fora = Route(Json(byOption), "openai/sora-2-pro");
        Assert.Equal(5.6m, fora.GetProperty("costUsd").GetDecimal());
        Assert.Equal("2026-06-01", fora.GetProperty("sourceDate").GetString());
    }

    [Fact]
    public async Task A_monthly_forecast_multiplies_clips_cost_and_regenerations()
    {
        var result = await OrchestratorCli.RunAsync(["quote", "--as-of", Today, "--forecast-clips", "1000", "--regenerations", "3"], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        var forecast = Json(result).GetProperty("forecast");
        Assert.Equal("fal/kling-v3-standard", forecast.GetProperty("route").GetString());
        Assert.Equal(1260m, forecast.GetProperty("monthlyUsd").GetDecimal());
        Assert.Equal(3m, forecast.GetProperty("attemptsPerKeptClip").GetDecimal());
    }

    [Fact]
    public async Task Invalid_input_exits_2_with_one_line_per_problem_and_no_output()
    {
        var file = Write("bad.json", """{"team":"t","prompt":"","durationSeconds":45,"resolution":"8k","references":[{"kind":"image","uri":"https://x.example/a"},{"kind":"gif","uri":"x"}],"colour":"red"}""");

        var result = await OrchestratorCli.RunAsync(["quote", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(
            [
                "$.prompt: must not be empty or blank",
                "$.durationSeconds: must be from 1 to 30 (got 45)",
                "$.references[1].kind: 'gif' is not one of image, video, audio",
                "$.references[1].uri: must be an absolute http or https URL",
                "$.resolution: '8k' is not one of 480p, 540p, 720p, 1080p, 4k",
                "$.colour: is not a known field",
            ],
            result.ErrorLines);
    }

    [Theory]
    [InlineData("{\"team\":\"t\",", "$: is not valid JSON")]
    [InlineData("{\"team\":\"t\",\"prompt\":\"p\",\"durationSeconds\":5,\"route\":\"fal/nope\"}", "$.route: 'fal/nope' is not a known route")]
    public async Task Broken_requests_exit_2(string body, string line)
    {
        var result = await OrchestratorCli.RunAsync(["quote"], stdin: body);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(line, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--route", "fal/nope" }, "quote: --route: 'fal/nope' is not a known route")]
    [InlineData(new[] { "--price-source", "S-NOPE" }, "quote: --price-source: 'S-NOPE' is not a known rate source")]
    [InlineData(new[] { "--forecast-clips", "many" }, "quote: --forecast-clips: 'many' is not a whole number")]
    [InlineData(new[] { "--forecast-clips", "10", "--success-rate", "1.5" }, "quote: --success-rate: 1.5 is out of range")]
    [InlineData(new[] { "--regenerations", "3" }, "quote: --regenerations and --success-rate need --forecast-clips")]
    [InlineData(new[] { "--as-of", "someday" }, "quote: --as-of: 'someday' is not a date")]
    [InlineData(new[] { "--verbose" }, "quote: unknown option '--verbose'")]
    [InlineData(new[] { "a.json", "b.json" }, "quote: unknown argument 'b.json'")]
    [InlineData(new[] { "--route" }, "quote: Required argument missing for option: '--route'.")]
    [InlineData(new[] { "missing-file.json" }, "quote: file not found: missing-file.json")]
    public async Task Bad_options_exit_2_with_a_readable_line(string[] options, string line)
    {
        var result = await OrchestratorCli.RunAsync(["quote", .. options], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(line, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_eligible_route_exits_3_with_the_explanation()
    {
        var result = await OrchestratorCli.RunAsync(["quote", "--as-of", Today], stdin: """{"team":"t","prompt":"p","durationSeconds":20}""");

        Assert.Equal(3, result.ExitCode);
        var report = Json(result);
        Assert.Equal(JsonValueKind.Null, report.TryGetProperty("choice", out var choice) ? choice.ValueKind : JsonValueKind.Null);
        Assert.StartsWith("No eligible route", report.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.All(report.GetProperty("routes").EnumerateArray(), entry => Assert.False(entry.GetProperty("eligible").GetBoolean()));
    }

    [Fact]
    public async Task Settings_come_from_environment_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["Orchestrator__Routing__DisabledRoutes__0"] = "fal/kling-v3-standard",
            ["Orchestrator__Pricing__Packages__kling"] = "kling-package-3",
        };

        var result = await OrchestratorCli.RunAsync(["quote", "--as-of", Today], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""", environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = Json(result);
        Assert.Equal("kling/kling-v3", report.GetProperty("choice").GetProperty("route").GetString());
        Assert.Equal(0.378m, report.GetProperty("choice").GetProperty("costUsd").GetDecimal());
        Assert.Contains("disabled by configuration", Route(report, "fal/kling-v3-standard").GetProperty("rejectionReasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_catalog_override_exits_1_with_one_line()
    {
        var catalog = Write("catalog.json", """{"sources":[],"packages":[],"rates":[],"billing":[],"surprise":1}""");

        var result = await OrchestratorCli.RunAsync(["quote"], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""", new Dictionary<string, string> { ["Orchestrator__Pricing__CatalogPath"] = catalog });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("quote: configuration error:", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_of_record_for_a_misspelt_route_exits_1_with_one_line()
    {
        var environment = new Dictionary<string, string>
        {
            ["Orchestrator__Pricing__SourceOfRecord__0__Route"] = "openai/sora2-pro",
            ["Orchestrator__Pricing__SourceOfRecord__0__Source"] = "S-FORA",
        };

        var result = await OrchestratorCli.RunAsync(["quote"], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""", environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("quote: configuration error: Pricing names routes that are not in the route catalog:", line, StringComparison.Ordinal);
        Assert.Contains("'openai/sora2-pro'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replacement_catalog_pricing_a_misspelt_route_exits_1_with_one_line()
    {
        var shipped = File.ReadAllText(RepoPaths.Combine("src", "Orchestrator.Core", "Pricing", "rate-catalog.json"));
        var catalog = Write("catalog.json", shipped.Replace("\"routes\": [\"luma/ray-3\"]", "\"routes\": [\"luma/ray3\"]", StringComparison.Ordinal));

        var result = await OrchestratorCli.RunAsync(["quote"], stdin: """{"team":"t","prompt":"p","durationSeconds":5}""", new Dictionary<string, string> { ["Orchestrator__Pricing__CatalogPath"] = catalog });

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("quote: configuration error: Pricing names routes that are not in the route catalog:", line, StringComparison.Ordinal);
        Assert.Contains("prices route 'luma/ray3'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_prompt_is_quoted_but_marked()
    {
        var result = await OrchestratorCli.RunAsync(["quote", "--as-of", Today], stdin: """{"team":"t","prompt":"a b3head1ng","durationSeconds":5}""");

        var moderation = Json(result).GetProperty("moderation");
        Assert.False(moderation.GetProperty("allowed").GetBoolean());
        Assert.Equal("violence/graphic", moderation.GetProperty("categories")[0].GetString());
    }
}
