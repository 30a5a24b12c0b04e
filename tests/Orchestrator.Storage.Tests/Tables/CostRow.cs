namespace Orchestrator.Storage.Tests.Tables;

public enum BillingStatus
{
    Billable,
    NotBilled,
}

/// <summary>The shape of the workflow's cost row (issue 7): partition team|yyyy-MM, one row per job attempt.</summary>
public sealed record CostRow(
    string Team,
    string Month,
    string JobId,
    int Attempt,
    decimal CostUsd,
    decimal Rate,
    long BilledMicroseconds,
    bool Audio,
    Guid VendorRequestId,
    DateTimeOffset SettledAt,
    BillingStatus Status,
    string? Note = null)
{
    public string PartitionKey => $"{Team}|{Month}";

    public string RowKey => $"{JobId}|{Attempt:D3}";

    public ETag ETag { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}
