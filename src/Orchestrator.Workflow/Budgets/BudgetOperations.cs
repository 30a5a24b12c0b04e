using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>A team's own limits (null: keep the configured default for that limit).</summary>
public sealed record BudgetLimits
{
    public decimal? MonthlyCeilingUsd { get; init; }

    public int? MaxRegenerations { get; init; }
}

/// <summary>
/// Reserve <paramref name="AmountUsd"/> for one attempt of one job run. <paramref name="Month"/> ("yyyy-MM") is the caller's
/// orchestration time: a month later than the entity's closes the old month first. <paramref name="ReservedAt"/> (the
/// orchestration's time) lets the hold sweep tell a fresh reservation from one whose job has vanished.
/// </summary>
public sealed record BudgetReservation(JobRunId Run, int Attempt, string Month, decimal AmountUsd, DateTime? ReservedAt = null);

/// <summary>Book an attempt's actual cost in <paramref name="Month"/> (its cost row's month) and release its reservation.</summary>
public sealed record BudgetSettlement(JobRunId Run, int Attempt, string Month, decimal CostUsd);

/// <summary>Drop an attempt's reservation without booking anything (nothing was sent, nothing is owed).</summary>
public sealed record BudgetRelease(JobRunId Run, int Attempt, string Month);

/// <summary>The answer to a reservation, with the numbers behind it.</summary>
public sealed record BudgetDecision
{
    public required bool Granted { get; init; }

    /// <summary>The entity key: "team" or "team:environment".</summary>
    public required string Scope { get; init; }

    public required string Month { get; init; }

    public required decimal CeilingUsd { get; init; }

    /// <summary>Booked this month before this reservation.</summary>
    public required decimal SpentUsd { get; init; }

    /// <summary>Held by other attempts before this reservation.</summary>
    public required decimal ReservedUsd { get; init; }

    public required decimal RequestedUsd { get; init; }

    /// <summary>Ceiling - spent - reserved, before this reservation (never below 0).</summary>
    public required decimal AvailableUsd { get; init; }

    public required int MaxRegenerations { get; init; }

    public required string Reason { get; init; }
}

/// <summary>A budget as of its month: limits, booked, held, the highest spent + reserved ever reached, jobs in flight.</summary>
public sealed record BudgetSnapshot
{
    public required string Scope { get; init; }

    public required string Month { get; init; }

    public required decimal CeilingUsd { get; init; }

    public required decimal SpentUsd { get; init; }

    public required decimal ReservedUsd { get; init; }

    public decimal AvailableUsd => Math.Max(0m, CeilingUsd - SpentUsd - ReservedUsd);

    /// <summary>The highest spent + reserved this month: never above the ceiling unless a cost overran its reservation.</summary>
    public required decimal HighWaterUsd { get; init; }

    public required int JobsInFlight { get; init; }

    public required int Reservations { get; init; }

    /// <summary>Attempts booked this month.</summary>
    public required int Settlements { get; init; }

    /// <summary>Settlements whose cost exceeded what was reserved for them.</summary>
    public required int Overruns { get; init; }

    public required int MaxRegenerations { get; init; }

    /// <summary>"configuration" or "team" (set through SetLimits).</summary>
    public required string LimitsSource { get; init; }

    /// <summary>Closed months, newest first: what was booked in each.</summary>
    public IReadOnlyList<MonthTotal> History { get; init; } = [];
}

/// <summary>What a closed month booked.</summary>
public sealed record MonthTotal(string Month, decimal SpentUsd, decimal HighWaterUsd, int Settlements);
