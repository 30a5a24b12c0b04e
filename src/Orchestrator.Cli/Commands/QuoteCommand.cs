using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>orchestrator quote [FILE]</c>: prices a job request on every route (or one), shows the router's choice and why, and
/// optionally a monthly forecast. Reads the request from FILE or stdin; settings come from environment variables
/// (Orchestrator__Pricing__..., Orchestrator__Routing__..., as in local.settings.sample.json).
/// Exit codes: 0 a route was chosen, 2 invalid input or options, 3 no eligible route, 1 a broken catalog or configuration.
/// </summary>
internal static class QuoteCommand
{
    public const int Chosen = 0;
    public const int BadSetup = 1;
    public const int InvalidInput = 2;
    public const int NoEligibleRoute = 3;

    private static readonly Argument<string?> File = new("file")
    {
        Description = "The job request JSON file; '-' or nothing reads stdin.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Route = new("--route") { Description = "Price only this route (the request is pinned to it)." };
    private static readonly Option<string?> PriceSource = new("--price-source") { Description = "The rate source of record to quote from (e.g. S-FORA)." };
    private static readonly Option<string?> ForecastClips = new("--forecast-clips") { Description = "Clips per month, for a monthly forecast on the chosen route." };
    private static readonly Option<string?> Regenerations = new("--regenerations") { Description = "Attempts per kept clip for the forecast (default 1; 3 triples it)." };
    private static readonly Option<string?> SuccessRate = new("--success-rate") { Description = "First-take success rate p in (0, 1] for the forecast, instead of --regenerations (attempts = 1/p)." };
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "The date (or ISO instant) to check sunsets against; default now." };

    public static Command Create(TimeProvider? time = null)
    {
        var command = new Command("quote", "Price a job request on every route and show the router's choice with its explanation.")
        {
            File, Route, PriceSource, ForecastClips, Regenerations, SuccessRate, AsOf,
        };
        // The command reports its own usage errors, so that every bad input exits 2 with one line per problem.
        command.TreatUnmatchedTokensAsErrors = false;
        command.Action = new QuoteAction(time ?? TimeProvider.System);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, TimeProvider time, CancellationToken cancellationToken)
    {
        var problems = result.Errors.Select(error => error.Message)
            .Concat(result.UnmatchedTokens.Select(token => $"unknown argument '{token}'"))
            .ToList();
        int Refuse()
        {
            problems.ForEach(problem => Console.Error.WriteLine($"quote: {problem}"));
            return InvalidInput;
        }
        if (result.Errors.Count > 0)
        {
            return Refuse(); // values cannot be read from a command line that did not parse
        }
        Setup setup;
        try
        {
            setup = Setup.FromEnvironment();
        }
        catch (Exception exception) when (exception is CatalogFormatException or ArgumentException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"quote: configuration error: {WithoutParameterName(exception)}");
            return BadSetup;
        }
        var options = ReadOptions(result, setup, time, problems);
        if (problems.Count > 0)
        {
            return Refuse();
        }
        var json = await ReadInputAsync(result.GetValue(File), problems, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return Refuse();
        }
        var parsed = setup.Parser.Parse(json);
        if (!parsed.IsValid)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.ToString());
            }
            return InvalidInput;
        }
        var request = parsed.Request! with
        {
            Route = options.Route ?? parsed.Request.Route,
            PriceSource = options.PriceSource ?? parsed.Request.PriceSource,
        };
        var report = QuoteReport.Build(request, setup, options);
        Console.Out.WriteLine(JsonSerializer.Serialize(report, CoreJson.Indented));
        return report.Choice is null ? NoEligibleRoute : Chosen;
    }

    // ArgumentException appends "(Parameter 'x')", which means nothing to someone reading one line of CLI output.
    private static string WithoutParameterName(Exception exception) =>
        exception is ArgumentException { ParamName: { } name }
            ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;

    private static QuoteOptions ReadOptions(ParseResult result, Setup setup, TimeProvider time, List<string> problems)
    {
        var route = result.GetValue(Route);
        if (route is not null && setup.Routes.Find(route) is null)
        {
            problems.Add($"--route: '{route}' is not a known route ({string.Join(", ", setup.Routes.Ids.Order(StringComparer.Ordinal))})");
        }
        var source = result.GetValue(PriceSource);
        if (source is not null && !setup.Rates.SourceKeys.Contains(source))
        {
            problems.Add($"--price-source: '{source}' is not a known rate source ({string.Join(", ", setup.Rates.SourceKeys.Order(StringComparer.Ordinal))})");
        }
        var clips = Number(result.GetValue(ForecastClips), "--forecast-clips", 0m, 100_000_000m, wholeNumber: true, problems);
        var regenerations = Number(result.GetValue(Regenerations), "--regenerations", 1m, 100m, wholeNumber: false, problems);
        var successRate = Number(result.GetValue(SuccessRate), "--success-rate", 0.0001m, 1m, wholeNumber: false, problems);
        if (regenerations is not null && successRate is not null)
        {
            problems.Add("--regenerations and --success-rate are two ways to say the same thing: give one");
        }
        if (clips is null && (regenerations is not null || successRate is not null))
        {
            problems.Add("--regenerations and --success-rate need --forecast-clips");
        }
        var attempts = successRate is { } p ? Forecast.AttemptsFromSuccessRate(p) : regenerations ?? 1m;
        return new QuoteOptions(route, source, clips is null ? null : (int)clips.Value, attempts, ReadAsOf(result.GetValue(AsOf), time, problems));
    }

    private static decimal? Number(string? text, string name, decimal min, decimal max, bool wholeNumber, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || (wholeNumber && value != decimal.Truncate(value)))
        {
            problems.Add($"{name}: '{text}' is not a {(wholeNumber ? "whole number" : "number")}");
            return null;
        }
        if (value < min || value > max)
        {
            problems.Add($"{name}: {text} is out of range ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        return value;
    }

    private static DateTimeOffset ReadAsOf(string? text, TimeProvider time, List<string> problems)
    {
        if (text is null)
        {
            return time.GetUtcNow();
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }
        problems.Add($"--as-of: '{text}' is not a date such as 2026-11-21 or an ISO 8601 instant");
        return time.GetUtcNow();
    }

    private static async Task<string?> ReadInputAsync(string? path, List<string> problems, CancellationToken cancellationToken)
    {
        if (path is not null && path.StartsWith('-') && path != "-")
        {
            problems.Add($"unknown option '{path}' (see orchestrator quote --help)");
            return null;
        }
        if (path is null or "-")
        {
            if (!Console.IsInputRedirected && path is null)
            {
                problems.Add("no input: give a job request file, or pipe JSON on stdin");
                return null;
            }
            return await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!System.IO.File.Exists(path))
        {
            problems.Add($"file not found: {path}");
            return null;
        }
        return await System.IO.File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The catalogs, options and parser, from the shipped data and environment variables.</summary>
    internal sealed record Setup(RouteCatalog Routes, RateCatalog Rates, Router Router, CostCalculator Pricing, LocalModerationPolicy Moderation, JobRequestParser Parser)
    {
        public static Setup FromEnvironment()
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var pricingOptions = configuration.GetSection(PricingOptions.SectionName).Get<PricingOptions>() ?? new PricingOptions();
            var routingOptions = configuration.GetSection(RoutingOptions.SectionName).Get<RoutingOptions>() ?? new RoutingOptions();
            var moderationOptions = configuration.GetSection(ModerationOptions.SectionName).Get<ModerationOptions>() ?? new ModerationOptions();
            var routes = RouteCatalog.Load(routingOptions.RoutesPath);
            var rates = RateCatalog.Load(pricingOptions.CatalogPath);
            var pricing = new CostCalculator(rates, pricingOptions);
            return new Setup(routes, rates, new Router(routes, pricing, routingOptions), pricing,
                new LocalModerationPolicy(moderationOptions), new JobRequestParser(new JobRequestVocabulary(routes.Ids, rates.SourceKeys)));
        }
    }

    /// <summary>Runs even when parsing found errors (ClearsParseErrors), so they are reported the command's way.</summary>
    private sealed class QuoteAction(TimeProvider time) : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default) => RunAsync(parseResult, time, cancellationToken);
    }

    internal sealed record QuoteOptions(string? Route, string? PriceSource, int? ForecastClips, decimal AttemptsPerKeptClip, DateTimeOffset AsOf);
}
