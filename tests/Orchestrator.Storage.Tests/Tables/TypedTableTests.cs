using Orchestrator.Storage.Tables;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Tables;

public sealed class TypedTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<TypedTableClient<CostRow>> NewCostTableAsync()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("costs"), AzuriteFixture.FastRetryOptions());
        await table.CreateIfNotExistsAsync();
        return new TypedTableClient<CostRow>(table);
    }

    private static CostRow Row(string jobId, int attempt, decimal cost) => new(
        "studio-a", "2026-01", jobId, attempt, cost, Rate: 0.0125m, BilledMicroseconds: 8_000_000_000_123L, Audio: true,
        VendorRequestId: Guid.Parse("0b1e6a3c-52a4-4c56-9f04-7d1f2f3ad001"),
        SettledAt: new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.FromHours(-5)).AddTicks(7), Status: BillingStatus.Billable);

    [Fact]
    public async Task A_cost_row_round_trips_with_exact_decimals_and_every_column_type()
    {
        var costs = await NewCostTableAsync();
        var row = Row("job-1", 1, 0.1m + 0.2m) with { Rate = 79228162514264337593543950335m, Note = "first try" };

        var etag = await costs.AddAsync(row);
        var read = (await costs.GetAsync("studio-a|2026-01", "job-1|001")).Value;
        var raw = (await costs.Table.GetEntityAsync("studio-a|2026-01", "job-1|001")).Value;

        Assert.Equal(row with { ETag = etag.Value, Timestamp = read.Timestamp }, read);
        Assert.Equal(0.3m, read.CostUsd);
        Assert.Equal("0.3", raw.Properties["CostUsd"]);
        Assert.Equal("79228162514264337593543950335", raw.Properties["Rate"]);
        Assert.Equal(8_000_000_000_123L, raw.Properties["BilledMicroseconds"]);
        Assert.Equal("Billable", raw.Properties["Status"]);
        Assert.Equal(row.SettledAt, read.SettledAt); // the same instant (stored as UTC)
        Assert.NotNull(read.Timestamp);
        Assert.False(raw.Properties.ContainsKey("PartitionKey"));
    }

    [Fact]
    public async Task Scale_is_kept_and_absent_optional_columns_read_as_their_default()
    {
        var costs = await NewCostTableAsync();

        await costs.AddAsync(Row("job-2", 1, 1.10m));
        var read = (await costs.GetAsync("studio-a|2026-01", "job-2|001")).Value;

        Assert.Equal("1.10", read.CostUsd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(read.Note);
    }

    [Fact]
    public async Task Optimistic_update_uses_the_row_etag()
    {
        var costs = await NewCostTableAsync();
        await costs.AddAsync(Row("job-3", 1, 1m));
        var read = (await costs.GetAsync("studio-a|2026-01", "job-3|001")).Value;

        await costs.UpdateAsync(read with { CostUsd = 2m }, read.ETag);
        var lost = await Assert.ThrowsAsync<StorageRequestFailedException>(() => costs.UpdateAsync(read with { CostUsd = 3m }, read.ETag));

        Assert.True(lost.IsPreconditionFailed);
        Assert.Equal(2m, (await costs.GetAsync("studio-a|2026-01", "job-3|001")).Value.CostUsd);
    }

    [Fact]
    public async Task A_month_of_rows_is_queried_typed_and_summed_exactly()
    {
        var costs = await NewCostTableAsync();
        await costs.SubmitTransactionAsync(Enumerable.Range(1, 10).Select(i => Row($"job-{i:D2}", 1, 0.1m * i)));
        await costs.AddAsync(Row("job-x", 1, 1000m) with { Month = "2026-02" });

        var january = await costs.QueryAsync(TableFilter.Create($"PartitionKey eq {"studio-a|2026-01"}"), maxPerPage: 4).ToListAsync();

        Assert.Equal(10, january.Count);
        Assert.Equal(5.5m, january.Sum(r => r.CostUsd));
        Assert.All(january, r => Assert.Equal(BillingStatus.Billable, r.Status));
    }

    [Fact]
    public void A_record_without_keys_or_with_an_unmappable_column_is_refused_up_front()
    {
        var noKeys = Assert.Throws<InvalidOperationException>(() => new TableEntityMapper<NoKeys>());
        var badColumn = Assert.Throws<InvalidOperationException>(() => new TableEntityMapper<BadColumn>());

        Assert.Contains("PartitionKey", noKeys.Message, StringComparison.Ordinal);
        Assert.Contains("Span", badColumn.Message, StringComparison.Ordinal);
    }

    public sealed record NoKeys(string Name);

    public sealed record BadColumn(string PartitionKey, string RowKey, TimeSpan Span);
}
