using System.Globalization;
using System.Text.Json.Serialization;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Costs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Budgets;

/// <summary>
/// The state of one budget entity and its rules, kept apart from the entity so they read (and test) as plain code.
/// The month comes from the callers' operations, never from a clock: an operation for a later month closes the current
/// one (its totals go to <see cref="History"/>) and opens the new one with spent at zero and the open reservations
/// carried over. Reservations are granted only while spent + reserved stays within the ceiling. Every operation is
/// idempotent per (job run, attempt), since signals and activities can be delivered twice; a job started again under the
/// same instance id after a purge is another run, so its attempts are never taken for the old run's.
/// </summary>
public sealed class TeamBudgetState
{
    private const int MonthsKept = 24;

    /// <summary>The open month, "yyyy-MM" (empty until the first operation).</summary>
    public string Month { get; set; } = string.Empty;

    /// <summary>The team's own limits; null fields fall back to configuration.</summary>
    public BudgetLimits? Limits { get; set; }

    public decimal SpentUsd { get; set; }

    public decimal HighWaterUsd { get; set; }

    public int Settlements { get; set; }

    public int Overruns { get; set; }

    /// <summary>Open reservations by "{instance id}~{run id}#{attempt}".</summary>
    public Dictionary<string, HeldReservation> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Settled attempts ("{instance id}~{run id}#{attempt}" to the month booked) of this month and the one before: repeats are ignored.</summary>
    public Dictionary<string, string> Settled { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Closed months, newest first.</summary>
    public List<MonthTotal> History { get; set; } = [];

    [JsonIgnore]
    public decimal ReservedUsd => Reservations.Values.Sum(reservation => reservation.AmountUsd);

    public BudgetDecision Reserve(string scope, BudgetDefaults defaults, BudgetReservation request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = Key(request.Run, request.Attempt);
        ArgumentOutOfRangeException.ThrowIfNegative(request.AmountUsd, nameof(request));
        Advance(BookingMonth.Require(request.Month, nameof(request)));
        var ceiling = CeilingUsd(defaults);
        if (Reservations.TryGetValue(key, out var held))
        {
            return Decision(scope, defaults, true, held.AmountUsd, ReservedUsd - held.AmountUsd, "already reserved for this attempt");
        }
        if (Settled.ContainsKey(key))
        {
            return Decision(scope, defaults, true, request.AmountUsd, ReservedUsd, "this attempt is already settled");
        }
        var reserved = ReservedUsd;
        var available = Math.Max(0m, ceiling - SpentUsd - reserved);
        if (request.AmountUsd > available)
        {
            return Decision(scope, defaults, false, request.AmountUsd, reserved, string.Create(CultureInfo.InvariantCulture,
                $"{scope}: reserving {request.AmountUsd} USD would exceed the monthly ceiling of {ceiling} USD for {Month} ({SpentUsd} USD spent, {reserved} USD reserved, {available} USD available)"));
        }
        Reservations[key] = new HeldReservation(request.Run, request.Attempt, Month, request.AmountUsd, request.ReservedAt);
        HighWaterUsd = Math.Max(HighWaterUsd, SpentUsd + ReservedUsd);
        return Decision(scope, defaults, true, request.AmountUsd, reserved, "reserved");
    }

    public void Settle(BudgetSettlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var key = Key(settlement.Run, settlement.Attempt);
        ArgumentOutOfRangeException.ThrowIfNegative(settlement.CostUsd, nameof(settlement));
        var month = BookingMonth.Require(settlement.Month, nameof(settlement));
        Advance(month);
        if (Settled.ContainsKey(key))
        {
            return;
        }
        if (Reservations.Remove(key, out var held) && settlement.CostUsd > held.AmountUsd)
        {
            Overruns++;
        }
        Book(month, settlement.CostUsd);
        Settled[key] = month;
    }

    public void Release(BudgetRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var key = Key(release.Run, release.Attempt);
        Advance(BookingMonth.Require(release.Month, nameof(release)));
        Reservations.Remove(key);
    }

    /// <summary>The reservations <paramref name="run"/> still holds, by attempt.</summary>
    public List<HeldReservation> HeldBy(JobRunId run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. Reservations.Values.Where(held => held.Run == run).OrderBy(held => held.Attempt)];
    }

    public void SetLimits(BudgetLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.MonthlyCeilingUsd < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), limits.MonthlyCeilingUsd, "The monthly ceiling cannot be negative.");
        }
        if (limits.MaxRegenerations < 0 || limits.MaxRegenerations > JobRequestLimits.MaxRegenerations)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), limits.MaxRegenerations, $"Max regenerations is 0 to {JobRequestLimits.MaxRegenerations}.");
        }
        Limits = limits.MonthlyCeilingUsd is null && limits.MaxRegenerations is null ? null : limits;
    }

    /// <summary>The budget as of <paramref name="asOfMonth"/> (the open month when null), without changing the state.</summary>
    public BudgetSnapshot Snapshot(string scope, BudgetDefaults defaults, string? asOfMonth = null)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var reserved = ReservedUsd;
        var rolled = asOfMonth is not null && (Month.Length == 0 || string.CompareOrdinal(asOfMonth, Month) > 0);
        return new BudgetSnapshot
        {
            Scope = scope,
            Month = rolled ? asOfMonth! : Month,
            CeilingUsd = CeilingUsd(defaults),
            SpentUsd = rolled ? 0m : SpentUsd,
            ReservedUsd = reserved,
            HighWaterUsd = rolled ? reserved : HighWaterUsd,
            JobsInFlight = Reservations.Values.Select(reservation => reservation.Run).Distinct().Count(),
            Reservations = Reservations.Count,
            Settlements = rolled ? 0 : Settlements,
            Overruns = rolled ? 0 : Overruns,
            MaxRegenerations = MaxRegenerations(defaults),
            LimitsSource = Limits is null ? "configuration" : "team",
            History = rolled && Month.Length > 0 ? [Closed(), .. History] : History,
        };
    }

    /// <summary>What was booked in <paramref name="month"/>: the open month's spent, or a closed month's.</summary>
    public decimal SpentIn(string month) =>
        month == Month ? SpentUsd : History.FirstOrDefault(total => total.Month == month)?.SpentUsd ?? 0m;

    public static string Key(JobRunId run, int attempt)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.InstanceId, nameof(run));
        ArgumentException.ThrowIfNullOrEmpty(run.RunId, nameof(run));
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{run.Key}#{attempt}");
    }

    private decimal CeilingUsd(BudgetDefaults defaults) => Limits?.MonthlyCeilingUsd ?? defaults.MonthlyCeilingUsd;

    private int MaxRegenerations(BudgetDefaults defaults) => Limits?.MaxRegenerations ?? defaults.MaxRegenerations;

    private BudgetDecision Decision(string scope, BudgetDefaults defaults, bool granted, decimal requested, decimal reservedBefore, string reason)
    {
        var ceiling = CeilingUsd(defaults);
        return new BudgetDecision
        {
            Granted = granted,
            Scope = scope,
            Month = Month,
            CeilingUsd = ceiling,
            SpentUsd = SpentUsd,
            ReservedUsd = reservedBefore,
            RequestedUsd = requested,
            AvailableUsd = Math.Max(0m, ceiling - SpentUsd - reservedBefore),
            MaxRegenerations = MaxRegenerations(defaults),
            Reason = reason,
        };
    }

    /// <summary>Opens <paramref name="month"/> if it is later than the open one; an earlier month changes nothing.</summary>
    private void Advance(string month)
    {
        if (Month.Length == 0)
        {
            Month = month;
            return;
        }
        if (string.CompareOrdinal(month, Month) <= 0)
        {
            return;
        }
        History.Insert(0, Closed());
        if (History.Count > MonthsKept)
        {
            History.RemoveRange(MonthsKept, History.Count - MonthsKept);
        }
        Month = month;
        SpentUsd = 0m;
        Settlements = 0;
        Overruns = 0;
        HighWaterUsd = ReservedUsd;
        var oldest = BookingMonth.Previous(month);
        foreach (var stale in Settled.Where(pair => string.CompareOrdinal(pair.Value, oldest) < 0).Select(pair => pair.Key).ToList())
        {
            Settled.Remove(stale);
        }
    }

    /// <summary>Books a cost in the open month, or in a closed one when the settlement is late (another job already opened the next month).</summary>
    private void Book(string month, decimal costUsd)
    {
        if (month == Month)
        {
            SpentUsd += costUsd;
            Settlements++;
            HighWaterUsd = Math.Max(HighWaterUsd, SpentUsd + ReservedUsd);
            return;
        }
        var index = History.FindIndex(total => total.Month == month);
        if (index < 0)
        {
            History.Add(new MonthTotal(month, costUsd, costUsd, 1));
            History.Sort((a, b) => string.CompareOrdinal(b.Month, a.Month));
            return;
        }
        var total = History[index];
        History[index] = total with { SpentUsd = total.SpentUsd + costUsd, Settlements = total.Settlements + 1 };
    }

    private MonthTotal Closed() => new(Month, SpentUsd, HighWaterUsd, Settlements);
}

/// <summary>Money held for one attempt of a job run until it is settled or released; <see cref="ReservedAt"/> is null for holds older than that field.</summary>
public sealed record HeldReservation(JobRunId Run, int Attempt, string Month, decimal AmountUsd, DateTime? ReservedAt = null);
