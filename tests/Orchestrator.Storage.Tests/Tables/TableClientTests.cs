using Orchestrator.Storage.Tables;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests.Tables;

public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("t"), AzuriteFixture.FastRetryOptions());
        Assert.True((await table.CreateIfNotExistsAsync()).Value);
        return table;
    }

    private static TableEntity Entity(string pk, string rk, params (string Name, object Value)[] properties) =>
        new(pk, rk, properties.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public async Task Create_if_not_exists_reports_whether_it_created()
    {
        var table = await NewTableAsync();

        Assert.False((await table.CreateIfNotExistsAsync()).Value);
    }

    [Fact]
    public async Task Every_edm_type_round_trips_exactly()
    {
        var table = await NewTableAsync();
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        var when = new DateTimeOffset(2026, 1, 31, 23, 59, 58, TimeSpan.FromHours(2)).AddTicks(1234567);
        var written = Entity("p", "r",
            ("Text", "héllo 'quoted' <xml/>"), ("Flag", true), ("Small", 42), ("Big", 9_007_199_254_740_993L),
            ("Whole", 2.0), ("Fraction", 0.1), ("Money", 1.10m), ("Id", id), ("When", when), ("Bytes", new byte[] { 0, 1, 254, 255 }));

        var etag = await table.AddEntityAsync(written);
        var read = (await table.GetEntityAsync("p", "r")).Value;

        Assert.Equal("héllo 'quoted' <xml/>", read.Properties["Text"]);
        Assert.Equal(true, read.Properties["Flag"]);
        Assert.Equal(42, read.Properties["Small"]);
        Assert.Equal(9_007_199_254_740_993L, read.Properties["Big"]);
        Assert.Equal(2.0, Assert.IsType<double>(read.Properties["Whole"]));
        Assert.Equal(0.1, read.Properties["Fraction"]);
        Assert.Equal("1.10", read.Properties["Money"]); // decimal is stored as its exact string, scale kept
        Assert.Equal(id, read.Properties["Id"]);
        Assert.Equal(when, Assert.IsType<DateTimeOffset>(read.Properties["When"]));
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, read.Properties["Bytes"]);
        Assert.Equal(etag.Value, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task Adding_an_existing_entity_is_a_conflict()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(Entity("p", "r", ("V", 1)));

        var conflict = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.AddEntityAsync(Entity("p", "r", ("V", 2))));

        Assert.True(conflict.IsConflict);
        Assert.Equal("EntityAlreadyExists", conflict.ErrorCode);
        Assert.Equal(1, (await table.GetEntityAsync("p", "r")).Value.Properties["V"]);
    }

    [Fact]
    public async Task Upsert_merge_keeps_other_properties_and_replace_drops_them()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(Entity("p", "r", ("A", "a"), ("B", "b")));

        await table.UpsertEntityAsync(Entity("p", "r", ("B", "b2")), TableUpdateMode.Merge);
        var merged = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpsertEntityAsync(Entity("p", "r", ("C", "c")), TableUpdateMode.Replace);
        var replaced = (await table.GetEntityAsync("p", "r")).Value;

        Assert.Equal(new Dictionary<string, object> { ["A"] = "a", ["B"] = "b2" }, merged.Properties);
        Assert.Equal(new Dictionary<string, object> { ["C"] = "c" }, replaced.Properties);
    }

    [Fact]
    public async Task Updates_and_deletes_with_a_stale_etag_fail_with_412_and_change_nothing()
    {
        var table = await NewTableAsync();
        var first = (await table.AddEntityAsync(Entity("p", "r", ("V", 1)))).Value;
        var second = (await table.UpdateEntityAsync(Entity("p", "r", ("V", 2)), first, TableUpdateMode.Replace)).Value;

        var staleUpdate = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.UpdateEntityAsync(Entity("p", "r", ("V", 3)), first));
        var staleDelete = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.DeleteEntityAsync("p", "r", first));
        var missingUpdate = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.UpdateEntityAsync(Entity("p", "nope", ("V", 1)), ETag.All));

        Assert.True(staleUpdate.IsPreconditionFailed);
        Assert.Equal("UpdateConditionNotSatisfied", staleUpdate.ErrorCode);
        Assert.True(staleDelete.IsPreconditionFailed);
        Assert.True(missingUpdate.IsNotFound);
        var current = (await table.GetEntityAsync("p", "r")).Value;
        Assert.Equal(2, current.Properties["V"]);
        Assert.Equal(second, current.ETag);

        await table.DeleteEntityAsync("p", "r", second);
        var gone = await Assert.ThrowsAsync<StorageRequestFailedException>(() => table.GetEntityAsync("p", "r"));
        Assert.True(gone.IsNotFound);
        Assert.Equal("ResourceNotFound", gone.ErrorCode);
    }

    [Fact]
    public async Task Query_filters_selects_and_pages_with_continuation_tokens()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < 7; i++)
        {
            await table.AddEntityAsync(Entity("o'brien|2026-01", $"job{i}", ("Attempt", i), ("Vendor", i % 2 == 0 ? "kling" : "runway"), ("Extra", "x")));
        }
        await table.AddEntityAsync(Entity("other|2026-01", "job0", ("Attempt", 0), ("Vendor", "kling")));
        var filter = TableFilter.Create($"PartitionKey eq {"o'brien|2026-01"} and Attempt ge {1}");

        var pages = new List<Page<TableEntity>>();
        await foreach (var page in table.QueryAsync(filter, ["Attempt", "Vendor"], maxPerPage: 3).AsPages())
        {
            pages.Add(page);
        }
        string? afterFirst = pages[0].ContinuationToken;
        var resumed = new List<string>();
        await foreach (var page in table.QueryAsync(filter, ["RowKey"], maxPerPage: 3).AsPages(afterFirst))
        {
            resumed.AddRange(page.Values.Select(e => e.RowKey));
        }

        Assert.Equal([3, 3], pages.Select(p => p.Values.Count));
        Assert.NotNull(afterFirst);
        var rows = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal(Enumerable.Range(1, 6), rows.Select(e => (int)e.Properties["Attempt"]));
        Assert.All(rows, e => Assert.False(e.Properties.ContainsKey("Extra")));
        Assert.Equal(["job4", "job5", "job6"], resumed);
    }

    [Fact]
    public async Task A_transaction_applies_all_its_operations()
    {
        var table = await NewTableAsync();
        var existing = (await table.AddEntityAsync(Entity("p", "update", ("V", 1)))).Value;
        await table.AddEntityAsync(Entity("p", "delete", ("V", 1)));

        var results = await table.SubmitTransactionAsync([
            new(TableTransactionActionType.Add, Entity("p", "add", ("V", 1))),
            new(TableTransactionActionType.UpdateReplace, Entity("p", "update", ("V", 2)), existing),
            new(TableTransactionActionType.Delete, Entity("p", "delete")),
            new(TableTransactionActionType.UpsertMerge, Entity("p", "upsert", ("V", 3))),
        ]);

        Assert.Equal(4, results.Value.Count);
        Assert.All(results.Value, r => Assert.InRange(r.Status, 200, 299));
        var rows = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"}")).ToListAsync();
        Assert.Equal(["add", "update", "upsert"], rows.Select(e => e.RowKey));
        Assert.Equal(2, rows.Single(e => e.RowKey == "update").Properties["V"]);
        Assert.Equal(rows.Single(e => e.RowKey == "add").ETag, results.Value[0].ETag);
    }

    [Fact]
    public async Task One_bad_operation_fails_the_whole_transaction_and_names_itself()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(Entity("p", "taken", ("V", 1)));

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync([
            new(TableTransactionActionType.Add, Entity("p", "new1", ("V", 1))),
            new(TableTransactionActionType.Add, Entity("p", "new2", ("V", 1))),
            new(TableTransactionActionType.Add, Entity("p", "taken", ("V", 2))),
            new(TableTransactionActionType.Add, Entity("p", "new3", ("V", 1))),
        ]));

        Assert.Equal(2, failure.FailedActionIndex);
        Assert.Equal(409, failure.Status);
        Assert.True(failure.IsConflict);
        Assert.Equal("EntityAlreadyExists", failure.ErrorCode);
        var rows = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"}")).ToListAsync();
        Assert.Equal(["taken"], rows.Select(e => e.RowKey));
        Assert.Equal(1, rows[0].Properties["V"]);
    }

    [Fact]
    public async Task A_transaction_across_partitions_is_refused_before_any_request()
    {
        var table = await NewTableAsync();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([
            new(TableTransactionActionType.Add, Entity("p1", "a")),
            new(TableTransactionActionType.Add, Entity("p2", "b")),
        ]));

        Assert.Contains("same partition", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await table.QueryAsync().ToListAsync());
    }

    [Fact]
    public void Filter_literals_are_typed_and_quote_safe()
    {
        var filter = TableFilter.Create(
            $"Team eq {"o'brien' or true or ''"} and Big eq {5L} and Id eq {Guid.Empty} and At lt {new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)} and Cost eq {1.50m} and Ok eq {true}");

        Assert.Equal(
            "Team eq 'o''brien'' or true or ''''' and Big eq 5L and Id eq guid'00000000-0000-0000-0000-000000000000' and At lt datetime'2026-01-01T00:00:00.0000000Z' and Cost eq '1.50' and Ok eq true",
            filter);
    }
}
