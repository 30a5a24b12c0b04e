using Orchestrator.Emulator;
using Orchestrator.Provenance;
using Orchestrator.Testing;
using Orchestrator.Vendors.Tests.Support;

namespace Orchestrator.Vendors.Tests.Adapters;

/// <summary>Every adapter against the emulator over real HTTP: submit, poll to the end, download a real clip.</summary>
public sealed class FullCycleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<string> Routes => new()
    {
        "openai/sora-2", "runway/gen4", "runway/gen4_turbo", "fal/kling-v3-standard", "fal/seedance-2.0", "fal/pika-v2.2",
        "luma/ray-3", "byteplus/seedance-2.0", "kling/kling-v3", "kling/kling-o1-i2v",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Submit_poll_and_download_a_real_clip(string routeId)
    {
        using var clients = emulator.Clients();
        var marker = Jobs.Marker("cycle");
        var request = Jobs.For(routeId, marker);
        var client = clients.For(request.Route);

        var submitted = await client.SubmitAsync(request);

        Assert.Equal(SubmitOutcome.Accepted, submitted.Outcome);
        var job = submitted.Job!;
        var statuses = await Polling.UntilTerminalAsync(client, job);
        var done = statuses[^1];
        Assert.Equal(VendorJobState.Succeeded, done.State);
        Assert.Null(done.Failure);
        Assert.Equal(1, done.Usage.Clips);

        await using var download = await client.DownloadAsync(job);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        var expected = emulator.Server.Context.Media.For(job.Vendor, job.RequestedSeconds);
        Assert.Equal(expected, copy.ToArray());
        Assert.Equal(expected.Length, download.ContentLength);

        var recorded = Assert.Single(await emulator.JobsAsync(marker));
        Assert.Equal(job.VendorJobId, recorded.Id);
        Assert.Equal(request.Model.Model, recorded.Model);
    }

    [Fact]
    public async Task Sora_output_is_the_C2PA_signed_file_and_its_manifest_validates()
    {
        using var clients = emulator.Clients();
        var request = Jobs.For("openai/sora-2", Jobs.Marker("c2pa"));
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;
        var done = (await Polling.UntilTerminalAsync(client, job))[^1];

        await using var download = await client.DownloadAsync(job);
        var output = download.Output;
        var path = Path.Combine(Path.GetTempPath(), $"sora-{Guid.NewGuid():N}.mp4");
        try
        {
            await using (var file = File.Create(path))
            {
                await download.Content.CopyToAsync(file);
            }
            var report = await new C2paValidator(new ProvenanceOptions()).ValidateFileAsync(path);

            Assert.True(output.C2paExpected);
            Assert.NotEqual(ProvenanceState.Absent, report.State);
            Assert.Equal(File.ReadAllBytes(RepoPaths.C2paFixture("video1.mp4")), File.ReadAllBytes(path));
            Assert.Equal("sora-2", done.Usage.Model);
            Assert.Equal(4m, done.Usage.OutputSeconds);
            Assert.NotNull(done.OutputExpiresAt);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("fal/kling-v3-standard", null, 60)]
    [InlineData("fal/seedance-2.0", null, 60)]
    [InlineData("luma/ray-3", 120, 120)]
    public async Task A_vendor_that_states_no_output_expiry_gets_the_routes_lifetime_from_when_the_job_is_seen_done(string routeId, int? routeMinutes, int expectedMinutes)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var clients = emulator.Clients(time: clock);
        var request = Jobs.For(routeId, Jobs.Marker("expiry"));
        // The catalog gives fal routes their 1 h; Luma states no lifetime, so this route is given one.
        request = routeMinutes is { } minutes ? request with { Route = request.Route with { OutputUrlLifetime = TimeSpan.FromMinutes(minutes) } } : request;
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;
        clock.Advance(TimeSpan.FromMinutes(7));

        var statuses = await Polling.UntilTerminalAsync(client, job);

        Assert.Equal(VendorJobState.Succeeded, statuses[^1].State);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(expectedMinutes), statuses[^1].OutputExpiresAt);
        Assert.All(statuses.SkipLast(1), status => Assert.Null(status.OutputExpiresAt));
    }

    [Fact]
    public async Task Usage_carries_what_each_vendor_reports_for_billing()
    {
        using var clients = emulator.Clients();
        var ark = Jobs.For("byteplus/seedance-2.0", Jobs.Marker("usage"));
        var kling = Jobs.For("kling/kling-v3", Jobs.Marker("usage"));
        var arkJob = (await clients.For(ark.Route).SubmitAsync(ark)).Job!;
        var klingJob = (await clients.For(kling.Route).SubmitAsync(kling)).Job!;

        var arkDone = (await Polling.UntilTerminalAsync(clients.For(ark.Route), arkJob))[^1];
        var klingDone = (await Polling.UntilTerminalAsync(clients.For(kling.Route), klingJob))[^1];

        // Ark reports tokens (480p 21:9 is 1120x480; 1120 x 480 x 5 s x 24 / 1024 = 63000) and seconds.
        Assert.Equal(63000m, arkDone.Usage.Tokens);
        Assert.Equal(5m, arkDone.Usage.OutputSeconds);
        Assert.Equal("dreamina-seedance-2-0-260128", arkDone.Usage.Model);
        Assert.Equal(5m, klingDone.Usage.OutputSeconds);
        Assert.Equal("kling-v3", klingDone.Usage.Model);
        Assert.Equal("3.0", klingDone.Details["final_unit_deduction"]);
    }
}
