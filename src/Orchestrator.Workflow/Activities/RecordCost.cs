using System.Text.Json;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Activities;

/// <summary>
/// One attempt's end, to be priced and booked. <see cref="Status"/> is the terminal status whose billing rule applies;
/// null when nothing reached the vendor (then nothing is billed, for <see cref="NotBilledReason"/>). The times are the
/// orchestration's, so a redelivery writes the very same row. <see cref="Request"/> is null only when the job's request
/// is gone (its instance was purged before its holds were released): then a billed status books the reserved worst case.
/// </summary>
public sealed record CostRowInput
{
    public required JobRunId Run { get; init; }

    public required int Attempt { get; init; }

    /// <summary>The booking month ("yyyy-MM"), the same the budget entities are settled in.</summary>
    public required string Month { get; init; }

    public JobRequest? Request { get; init; }

    /// <summary>The job's environment; read from <see cref="Request"/> when there is one.</summary>
    public JobEnvironment? Environment { get; init; }

    public required string Route { get; init; }

    public required string SubmissionKey { get; init; }

    public string? KeyId { get; init; }

    public TerminalStatus? Status { get; init; }

    public string? NotBilledReason { get; init; }

    /// <summary>Whether this attempt delivered the job's clip (stored, its provenance accepted).</summary>
    public bool Delivered { get; init; }

    /// <summary>What the clip's provenance lacks against its route's promise (<see cref="JobOutcome.ProvenanceWarning"/>).</summary>
    public string? ProvenanceWarning { get; init; }

    public VendorUsage Usage { get; init; } = VendorUsage.None;

    public string? VendorJobId { get; init; }

    public decimal ReservedUsd { get; init; }

    /// <summary>An assumption the workflow adds (e.g. an unresolved submit billed as if it ran).</summary>
    public string? Note { get; init; }

    public required DateTime AttemptStartedAt { get; init; }

    public required DateTime AttemptEndedAt { get; init; }
}

/// <summary>The booked cost of an attempt and where its row is.</summary>
public sealed record CostLine(string Partition, string RowKey, string Month, decimal CostUsd, bool Billed, string BillingStatus, string? BillingRule)
{
    public static CostLine Of(CostRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new CostLine(row.PartitionKey, row.RowKey, row.Month, row.CostUsd, row.Billed, row.BillingStatus, row.BillingRule);
    }
}

/// <summary>
/// Prices an ended attempt with <see cref="CostCalculator.Actual"/> (what the vendor reported, the route's billing rule for
/// the terminal status) and writes its cost row, keyed by job run and attempt, unless the attempt already has one: the
/// line returned is the row that stands, so a redelivery never adds a row and a booked cost is never replaced.
/// </summary>
public sealed class RecordCost(CostCalculator pricing, RouteCatalog routes, CostLedger ledger)
    : TaskActivity<CostRowInput, CostLine>
{
    public const string NotSubmittedStatus = "not-submitted";

    public override async Task<CostLine> RunAsync(TaskActivityContext context, CostRowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CostLine.Of(await ledger.AddOrGetAsync(Price(input), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>The row for an ended attempt (pure: the same input gives the same row).</summary>
    public CostRow Price(CostRowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Request is not { } request)
        {
            return ReservedWorstCase(input);
        }
        var route = routes.Get(input.Route);
        var quote = input.Status is { } status
            ? pricing.Actual(request, route, status, input.Usage)
            : NotBilled(pricing.Quote(request, route), input.NotBilledReason ?? "nothing reached the vendor");
        var assumptions = input.Note is null ? quote.Assumptions : [.. quote.Assumptions, input.Note];
        return new CostRow
        {
            Team = request.Team,
            Month = BookingMonth.Require(input.Month, nameof(input)),
            InstanceId = input.Run.InstanceId,
            RunId = input.Run.RunId,
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
            Delivered = input.Delivered,
            ProvenanceWarning = input.ProvenanceWarning,
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

    /// <summary>
    /// The row of an attempt whose request is gone: the vendor's billing rule for its status still decides whether it is
    /// billed, and a billed attempt books what was reserved for it (the worst case of its route and request, so spend is
    /// never under-recorded); the request's own columns say "unknown".
    /// </summary>
    private CostRow ReservedWorstCase(CostRowInput input)
    {
        const string Unknown = "unknown";
        var route = routes.Get(input.Route);
        var rule = input.Status is { } status ? pricing.Catalog.BillingRuleFor(route.Vendor, status) : null;
        var billed = rule?.Billed == true;
        var why = "the job's request was no longer available (its instance was purged) when its holds were released";
        return new CostRow
        {
            Team = JobInstanceId.TeamOf(input.Run.InstanceId) ?? throw new ArgumentException($"'{input.Run.InstanceId}' is not a job instance id.", nameof(input)),
            Month = BookingMonth.Require(input.Month, nameof(input)),
            InstanceId = input.Run.InstanceId,
            RunId = input.Run.RunId,
            Attempt = input.Attempt,
            Environment = input.Environment is { } environment ? WireNames.Of(environment) : Unknown,
            KeyId = input.KeyId,
            Route = route.Id,
            Vendor = route.Vendor,
            Provider = WireNames.Of(route.Provider),
            Resolution = Unknown,
            AspectRatio = Unknown,
            SecondsAsked = 0,
            Audio = Unknown,
            InputMode = Unknown,
            CostUsd = billed ? input.ReservedUsd : 0m,
            BillingStatus = input.Status is { } terminal ? WireNames.Of(terminal) : NotSubmittedStatus,
            Billed = billed,
            BillingRule = rule is null ? input.NotBilledReason ?? "nothing reached the vendor" : rule.Assumption ?? rule.Note,
            Calculation = billed ? $"the reserved worst case, {input.ReservedUsd} USD: {why}" : $"not billed: {why}",
            Assumptions = input.Note is null ? why : $"{why}\n{input.Note}",
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
