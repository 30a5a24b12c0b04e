using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Tests.Units;

/// <summary>The budget rules as plain code: the ceiling, idempotency per (job run, attempt), months from the callers, late settlements.</summary>
public sealed class TeamBudgetStateTests
{
    private static readonly BudgetDefaults Defaults = new() { MonthlyCeilingUsd = 1.00m, MaxRegenerations = 2 };
    private static readonly JobRunId JobA = new("t~job-a", "00000000000a");
    private static readonly JobRunId JobB = new("t~job-b", "00000000000b");
    private static readonly JobRunId JobC = new("t~job-c", "00000000000c");

    [Fact]
    public void Reservations_are_granted_only_while_spent_plus_reserved_stays_within_the_ceiling()
    {
        var state = new TeamBudgetState();

        var first = state.Reserve("t", Defaults, new BudgetReservation(JobA, 1, "2026-11", 0.60m));
        var second = state.Reserve("t", Defaults, new BudgetReservation(JobB, 1, "2026-11", 0.60m));
        state.Settle(new BudgetSettlement(JobA, 1, "2026-11", 0.42m));
        var third = state.Reserve("t", Defaults, new BudgetReservation(JobB, 1, "2026-11", 0.58m));

        Assert.True(first.Granted);
        Assert.False(second.Granted);
        Assert.Equal((1.00m, 0m, 0.60m, 0.60m, 0.40m, 2), (second.CeilingUsd, second.SpentUsd, second.ReservedUsd, second.RequestedUsd, second.AvailableUsd, second.MaxRegenerations));
        Assert.Contains("0.60 USD reserved", second.Reason, StringComparison.Ordinal);
        Assert.True(third.Granted);
        var snapshot = state.Snapshot("t", Defaults);
        Assert.Equal((0.42m, 0.58m, 1.00m, 1, 1), (snapshot.SpentUsd, snapshot.ReservedUsd, snapshot.HighWaterUsd, snapshot.JobsInFlight, snapshot.Settlements));
    }

    [Fact]
    public void Repeated_operations_of_one_attempt_count_once()
    {
        var state = new TeamBudgetState();
        var reservation = new BudgetReservation(JobA, 1, "2026-11", 0.50m);
        var settlement = new BudgetSettlement(JobA, 1, "2026-11", 0.40m);

        state.Reserve("t", Defaults, reservation);
        var again = state.Reserve("t", Defaults, reservation);
        state.Settle(settlement);
        state.Settle(settlement);
        var afterSettle = state.Reserve("t", Defaults, reservation);

        Assert.Equal((true, "already reserved for this attempt"), (again.Granted, again.Reason));
        Assert.Equal((true, "this attempt is already settled"), (afterSettle.Granted, afterSettle.Reason));
        var snapshot = state.Snapshot("t", Defaults);
        Assert.Equal((0.40m, 0m, 1, 0), (snapshot.SpentUsd, snapshot.ReservedUsd, snapshot.Settlements, snapshot.Reservations));
    }

    [Fact]
    public void A_later_month_in_an_operation_closes_the_month_and_carries_open_reservations()
    {
        var state = new TeamBudgetState();
        state.Reserve("t", Defaults, new BudgetReservation(JobA, 1, "2026-10", 0.30m));
        state.Reserve("t", Defaults, new BudgetReservation(JobB, 1, "2026-10", 0.50m));
        state.Settle(new BudgetSettlement(JobA, 1, "2026-10", 0.30m));

        state.Reserve("t", Defaults, new BudgetReservation(JobC, 1, "2026-11", 0.40m));
        state.Settle(new BudgetSettlement(JobB, 1, "2026-10", 0.45m));

        var november = state.Snapshot("t", Defaults);
        Assert.Equal(("2026-11", 0m, 0.40m), (november.Month, november.SpentUsd, november.ReservedUsd));
        var october = Assert.Single(november.History);
        Assert.Equal(("2026-10", 0.75m, 2), (october.Month, october.SpentUsd, october.Settlements));
        Assert.Equal(0.75m, state.SpentIn("2026-10"));
        var december = state.Snapshot("t", Defaults, asOfMonth: "2026-12");
        Assert.Equal(("2026-12", 0m, 0.40m, 2), (december.Month, december.SpentUsd, december.ReservedUsd, december.History.Count));
        Assert.Equal("2026-11", state.Month);
    }

    [Fact]
    public void Team_limits_replace_the_configured_ones_and_bad_limits_are_refused()
    {
        var state = new TeamBudgetState();

        state.SetLimits(new BudgetLimits { MonthlyCeilingUsd = 5m });

        var snapshot = state.Snapshot("t", Defaults);
        Assert.Equal((5m, 2, "team"), (snapshot.CeilingUsd, snapshot.MaxRegenerations, snapshot.LimitsSource));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.SetLimits(new BudgetLimits { MonthlyCeilingUsd = -1m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.SetLimits(new BudgetLimits { MaxRegenerations = 11 }));
        Assert.Throws<ArgumentException>(() => state.Reserve("t", Defaults, new BudgetReservation(JobA, 1, "November", 1m)));
        state.SetLimits(new BudgetLimits());
        Assert.Equal("configuration", state.Snapshot("t", Defaults).LimitsSource);
    }

    [Fact]
    public void Keys_name_the_team_and_environment_budgets()
    {
        Assert.Equal("@teambudget@studio-a", TeamBudgetIds.Team("studio-a").ToString());
        Assert.Equal("@teambudget@studio-a:production", TeamBudgetIds.Environment("studio-a", Core.Jobs.JobEnvironment.Production).ToString());
        Assert.Equal(Core.Jobs.JobEnvironment.Staging, TeamBudgetIds.EnvironmentOf("studio-a:staging"));
        Assert.Null(TeamBudgetIds.EnvironmentOf("studio-a"));
    }

    [Fact]
    public void A_jobs_holds_are_listed_with_when_they_were_taken_until_settled_or_released()
    {
        var state = new TeamBudgetState();
        var at = new DateTime(2026, 11, 3, 9, 30, 0, DateTimeKind.Utc);
        state.Reserve("t", Defaults, new BudgetReservation(JobA, 1, "2026-11", 0.20m, at));
        state.Reserve("t", Defaults, new BudgetReservation(JobA, 2, "2026-11", 0.30m, at.AddMinutes(1)));
        state.Reserve("t", Defaults, new BudgetReservation(JobB, 1, "2026-11", 0.10m));

        var held = state.HeldBy(JobA);
        state.Settle(new BudgetSettlement(JobA, 1, "2026-11", 0.15m));
        state.Release(new BudgetRelease(JobA, 2, "2026-11"));

        Assert.Equal([new HeldReservation(JobA, 1, "2026-11", 0.20m, at), new HeldReservation(JobA, 2, "2026-11", 0.30m, at.AddMinutes(1))], held);
        Assert.Empty(state.HeldBy(JobA));
        Assert.Null(Assert.Single(state.HeldBy(JobB)).ReservedAt);
    }

    [Fact]
    public void A_later_run_of_the_same_instance_id_is_a_job_of_its_own()
    {
        var state = new TeamBudgetState();
        var rerun = JobA with { RunId = "0000000000a2" };
        state.Reserve("t", Defaults, new BudgetReservation(JobA, 1, "2026-11", 0.30m));
        state.Settle(new BudgetSettlement(JobA, 1, "2026-11", 0.25m));

        // The old run's attempt 1 is settled; the new run's attempt 1 is a reservation of its own, not a repeat.
        var reserved = state.Reserve("t", Defaults, new BudgetReservation(rerun, 1, "2026-11", 0.20m));
        var held = state.HeldBy(rerun);
        state.Settle(new BudgetSettlement(rerun, 1, "2026-11", 0.15m));

        Assert.Equal((true, "reserved"), (reserved.Granted, reserved.Reason));
        Assert.Equal(0.20m, Assert.Single(held).AmountUsd);
        Assert.Empty(state.HeldBy(JobA));
        var snapshot = state.Snapshot("t", Defaults);
        Assert.Equal((0.40m, 0m, 2), (snapshot.SpentUsd, snapshot.ReservedUsd, snapshot.Settlements));
    }
}
