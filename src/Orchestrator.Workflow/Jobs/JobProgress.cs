using System.Text.Json.Serialization;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Pricing;

namespace Orchestrator.Workflow.Jobs;

/// <summary>
/// A job's custom status: what a caller needs while it runs (step, the route decision in brief, each attempt's route,
/// vendor job, status, progress and money, the totals reserved and billed, the stored clip once there is one). The full
/// <see cref="JobOutcome"/> (route plan with every candidate, attempt notes and failures, provenance) is the output.
/// Durable Functions refuses a custom status over 16 KB of UTF-16; this one is bounded: at most
/// 1 + <see cref="JobRequestLimits.MaxRegenerations"/> attempts of fixed fields, and every free text is cut to a few
/// hundred characters, so a job that uses all its regenerations stays under 4,000 characters.
/// </summary>
public sealed record JobProgress
{
    /// <summary>The longest message kept; the output has the whole sentence.</summary>
    public const int MaxMessageChars = 200;

    public string? RunId { get; init; }

    public JobStatus Status { get; init; }

    public JobStep Step { get; init; }

    public string Team { get; init; } = string.Empty;

    public JobEnvironment Environment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    public RouteSummary? Route { get; init; }

    public IReadOnlyList<AttemptProgress> Attempts { get; init; } = [];

    public decimal ReservedUsd { get; init; }

    public decimal BilledUsd { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StoredVideo? Video { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    /// <summary>The brief form of <paramref name="outcome"/>.</summary>
    public static JobProgress Of(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new JobProgress
        {
            RunId = outcome.RunId,
            Status = outcome.Status,
            Step = outcome.Step,
            Team = outcome.Team,
            Environment = outcome.Environment,
            Message = Cut(outcome.Message, MaxMessageChars),
            Route = outcome.RouteSummary,
            Attempts = [.. outcome.Attempts.Select(AttemptProgress.Of)],
            ReservedUsd = outcome.ReservedUsd,
            BilledUsd = outcome.BilledUsd,
            Video = outcome.Video,
            StartedAt = outcome.StartedAt,
            UpdatedAt = outcome.UpdatedAt,
        };
    }

    /// <summary>The job as far as this status tells: a report without the route plan, notes or provenance.</summary>
    public JobOutcome ToOutcome(string instanceId)
    {
        var run = RunId is { Length: > 0 } id ? new JobRunId(instanceId, id) : null;
        return new JobOutcome
        {
            InstanceId = instanceId,
            RunId = RunId,
            Status = Status,
            Step = Step,
            Team = Team,
            Environment = Environment,
            Message = Message,
            RouteSummary = Route,
            Attempts = [.. Attempts.Select(attempt => attempt.ToRecord(run))],
            ReservedUsd = ReservedUsd,
            BilledUsd = BilledUsd,
            Video = Video,
            StartedAt = StartedAt,
            UpdatedAt = UpdatedAt,
        };
    }

    internal static string? Cut(string? text, int max) => text is { } value && value.Length > max ? string.Concat(value.AsSpan(0, max - 1), "…") : text;
}

/// <summary>One attempt as the custom status shows it: its route, vendor job and status, progress, money and vendor calls (how it failed is in the output).</summary>
public sealed record AttemptProgress
{
    public const int MaxVendorStatusChars = 40;

    public int Number { get; init; }

    public string Route { get; init; } = string.Empty;

    public string Vendor { get; init; } = string.Empty;

    public AttemptState State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VendorJobId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VendorStatus { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Progress { get; init; }

    public decimal ReservedUsd { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? BilledUsd { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TerminalStatus? BillingStatus { get; init; }


    /// <summary>Vendor calls made for the attempt: submits, status polls, webhooks received.</summary>
    public int Submits { get; init; }

    public int Polls { get; init; }

    public int Webhooks { get; init; }

    public DateTime StartedAt { get; init; }

    public static AttemptProgress Of(AttemptRecord attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new AttemptProgress
        {
            Number = attempt.Number,
            Route = attempt.Route,
            Vendor = attempt.Vendor,
            State = attempt.State,
            VendorJobId = attempt.VendorJobId,
            VendorStatus = JobProgress.Cut(attempt.VendorStatus, MaxVendorStatusChars),
            Progress = attempt.Progress,
            ReservedUsd = attempt.ReservedUsd,
            BilledUsd = attempt.BilledUsd,
            BillingStatus = attempt.BillingStatus,
            Submits = attempt.Submits,
            Polls = attempt.Polls,
            Webhooks = attempt.Webhooks,
            StartedAt = attempt.StartedAt,
        };
    }

    /// <summary>The attempt as a record (its submission key is the run's; null run: not known yet).</summary>
    public AttemptRecord ToRecord(JobRunId? run) => new()
    {
        Number = Number,
        Route = Route,
        Vendor = Vendor,
        SubmissionKey = run?.SubmissionKey(Number) ?? string.Empty,
        State = State,
        VendorJobId = VendorJobId,
        VendorStatus = VendorStatus,
        Progress = Progress,
        ReservedUsd = ReservedUsd,
        BilledUsd = BilledUsd,
        BillingStatus = BillingStatus,
        Submits = Submits,
        Polls = Polls,
        Webhooks = Webhooks,
        StartedAt = StartedAt,
    };
}
