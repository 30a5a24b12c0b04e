using System.Text.Json;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Workflow.Costs;

namespace Orchestrator.Workflow.Activities;

/// <summary>
/// One attempt's end, to be priced and booked. <see cref="Status"/> is the terminal status whose billing rule applies;
/// null when nothing reached the vendor (then nothing is billed, for <see cref="NotBilledReason"/>). The times are the
/// orchestration's, so a redelivery writes the very same row.
/// </summary>
public sealed record CostRowInput
{
    public required string InstanceId { get; init; }

    public required int Attempt { get; init; }

    /// <summary>The booking month ("yyyy-MM"), the same the budget entities are settled in.</summary>
    public required string Month { get; init; }

    public required JobRequest Request { get; init; }

    public required string Route { get; init; }

    public required string SubmissionKey { get; init; }

    public string? KeyId { get; init; }

    public TerminalStatus? Status { get; init; }

    public string? NotBilledReason { get; init; }

    public VendorUsage Usage { get; init; } = VendorUsage.None;

    public string? VendorJobId { get; init; }

    public decimal ReservedUsd { get; init; }

    /// <summary>An assumption the workflow adds (e.g. an unresolved submit billed as if it ran).</summary>
    public string? Note { get; init; }

    public required DateTime AttemptStartedAt { get; init; }

    public required DateTime AttemptEndedAt { get; init; }
}

/// <summary>The booked cost of an attempt and where its row is.</summary>
public sealed record CostLine(string Partition, string RowKey, string Month, decimal CostUsd, bool Billed, string BillingStatus, string? BillingRule);

/// <summary>
/// Prices an ended attempt with <see cref="CostCalculator.Actual"/> (what the vendor reported, the route's billing rule for
/// the terminal status) and upserts its cost row, keyed by instance and attempt, so a redelivery never adds a row.
/// </summary>
public sealed class RecordCost(CostCalculator pricing, RouteCatalog routes, CostLedger ledger)
    : TaskActivity<CostRowInput, CostLine>
{
    public const string NotSubmittedStatus = "not-submitted";

    public override async Task<CostLine> RunAsync(TaskActivityContext context, CostRowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = Price(input);
        await ledger.WriteAsync(row, CancellationToken.None).ConfigureAwait(false);
        return new CostLine(row.PartitionKey, row.RowKey, row.Month, row.CostUsd, row.Billed, row.BillingStatus, row.BillingRule);
    }

    /// <summary>The row for an ended attempt (pure: the same input gives the same row).</summary>
    public CostRow Price(CostRowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var route = routes.Get(input.Route);
        var quote = input.Status is { } status
            ? pricing.Actual(request, route, status, input.Usage)
            : NotBilled(pricing.Quote(request, route), input.NotBilledReason ?? "nothing reached the vendor");
        var assumptions = input.Note is null ? quote.Assumptions : [.. quote.Assumptions, input.Note];
        return new CostRow
        {
            Team = request.Team,
            Month = BookingMonth.Require(input.Month, nameof(input)),
            InstanceId = input.InstanceId,
            Attempt = input.Attempt,
            Environment = WireNames.Of(request.Environment),
            KeyId = input.KeyId,
            Tags = request.Tags.Count == 0 ? null : JsonSerializer.Serialize(request.Tags, CoreJson.Options),
            Route = route.Id,
            Vendor = route.Vendor,
            Model = quote.Model,
            Provider = WireNames.Of(route.Provider),
            Resolution = WireNames.Of(request.Resolution),
            AspectRatio = request.AspectRatio,
            SecondsAsked = request.DurationSeconds,
            SecondsBilled = input.Status is null ? 0m : quote.OutputSeconds,
            Audio = WireNames.Of(request.Audio),
            InputMode = WireNames.Of(quote.InputMode),
            Unit = quote.Unit is { } unit ? WireNames.Of(unit) : null,
            Rate = quote.Rate,
            RateLabel = quote.RateLabel,
            BilledUnits = input.Status is null ? 0m : quote.BilledUnits,
            BilledUnitLabel = quote.BilledUnitLabel,
            CostUsd = quote.CostUsd,
            UsdPerSecond = quote.UsdPerSecond,
            BillingStatus = input.Status is { } terminal ? WireNames.Of(terminal) : NotSubmittedStatus,
            Billed = quote.Billed,
            BillingRule = quote.BillingNote,
            PriceSource = quote.Source,
            PriceSourceDate = quote.SourceDate,
            PriceSourceChoice = quote.SourceChoice,
            Package = quote.Package is { } package ? $"{package.Key} ({package.Name}, {package.UsdPerUnit} USD/unit)" : null,
            Calculation = quote.Calculation,
            Assumptions = assumptions.Count == 0 ? null : string.Join('\n', assumptions),
            VendorRequestId = input.VendorJobId,
            SubmissionKey = input.SubmissionKey,
            ReservedUsd = input.ReservedUsd,
            AttemptStartedAt = Utc(input.AttemptStartedAt),
            AttemptEndedAt = Utc(input.AttemptEndedAt),
        };
    }

    private static PriceQuote NotBilled(PriceQuote quote, string reason) =>
        quote with { CostUsd = 0m, UsdPerSecond = 0m, Billed = false, BillingNote = reason, Calculation = $"not billed: {reason}" };

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
