using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Emulator;
using Orchestrator.Emulator.Media;
using Orchestrator.Testing;
using Orchestrator.Vendors.Kling;
using Orchestrator.Vendors.Tests.Support;

namespace Orchestrator.Vendors.Tests.Emulator;

/// <summary>The emulator itself: status sequences on a pinned clock, its auth checks, its clips and its inspection API.</summary>
public sealed class EmulatorTests
{
    [Theory]
    [InlineData("openai/sora-2", 50, null)]
    [InlineData("runway/gen4", 50, null)]
    [InlineData("fal/kling-v3-standard", null, 10)]
    [InlineData("luma/ray-3", null, null)]
    [InlineData("byteplus/seedance-2.0", null, null)]
    [InlineData("kling/kling-v3", null, null)]
    public async Task Jobs_move_from_queued_through_running_to_succeeded_on_the_emulators_clock(string routeId, int? runningProgress, int? queuePosition)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock, DefaultBehavior = new JobBehavior { QueueMs = 1000, RunMs = 4000, ProgressSteps = 4 } });
        using var clients = new VendorClients(Options(server));
        var request = Jobs.For(routeId, Jobs.Marker("sequence"));
        var client = clients.For(request.Route);
        var job = (await client.SubmitAsync(request)).Job!;

        var queued = await client.GetStatusAsync(job);
        clock.Advance(TimeSpan.FromMilliseconds(3100));
        var running = await client.GetStatusAsync(job);
        clock.Advance(TimeSpan.FromMilliseconds(2000));
        var done = await client.GetStatusAsync(job);

        Assert.Equal(VendorJobState.Queued, queued.State);
        Assert.Equal(VendorJobState.Running, running.State);
        Assert.Equal(VendorJobState.Succeeded, done.State);
        // OpenAI and Runway report progress, fal a queue position; the others report neither.
        Assert.Equal(runningProgress, running.Progress);
        Assert.Equal(queuePosition, queued.QueuePosition);
    }

    [Fact]
    public async Task OpenAI_answers_carry_the_poll_hint_and_fal_answers_202_until_done()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var clients = new VendorClients(Options(server));
        var sora = Jobs.For("openai/sora-2", Jobs.Marker("hint"));
        var status = await clients.For(sora.Route).GetStatusAsync((await clients.For(sora.Route).SubmitAsync(sora)).Job!);
        var fal = Jobs.For("fal/pika-v2.2", Jobs.Marker("fal"));
        var falJob = (await clients.For(fal.Route).SubmitAsync(fal)).Job!;
        using var http = new HttpClient();
        using var pending = new HttpRequestMessage(HttpMethod.Get, falJob.StatusUrl);
        pending.Headers.Authorization = new AuthenticationHeaderValue("Key", server.Options.FalApiKey);

        Assert.Equal(TimeSpan.FromMilliseconds(server.Options.OpenAiPollAfterMs), status.PollAfter);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(pending)).StatusCode);
        Assert.Equal("/fal/queue/fal-ai/pika/requests/" + falJob.VendorJobId + "/status", falJob.StatusUrl!.AbsolutePath);
    }

    [Fact]
    public async Task Kling_checks_the_jwt_signature_issuer_and_time()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
        using var http = new HttpClient { BaseAddress = new Uri(server.VendorUrls["kling"]) };
        async Task<(HttpStatusCode, int)> Call(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/videos/text2video/none");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, body.RootElement.GetProperty("code").GetInt32());
        }
        var now = clock.GetUtcNow();
        var options = server.Options;

        Assert.Equal((HttpStatusCode.NotFound, 1203), await Call(KlingJwt.Create(options.KlingAccessKey, options.KlingSecretKey, now, TimeSpan.FromMinutes(30))));
        Assert.Equal((HttpStatusCode.Unauthorized, 1000), await Call(KlingJwt.Create(options.KlingAccessKey, "wrong-secret", now, TimeSpan.FromMinutes(30))));
        Assert.Equal((HttpStatusCode.Unauthorized, 1000), await Call(KlingJwt.Create("someone-else", options.KlingSecretKey, now, TimeSpan.FromMinutes(30))));
        Assert.Equal((HttpStatusCode.Unauthorized, 1003), await Call(KlingJwt.Create(options.KlingAccessKey, options.KlingSecretKey, now.AddMinutes(5), TimeSpan.FromMinutes(30))));
        Assert.Equal((HttpStatusCode.Unauthorized, 1004), await Call(KlingJwt.Create(options.KlingAccessKey, options.KlingSecretKey, now.AddMinutes(-31), TimeSpan.FromMinutes(30))));
        Assert.Equal((HttpStatusCode.Unauthorized, 1001), await Call(string.Empty));
    }

    [Fact]
    public void The_clip_closest_to_the_asked_duration_is_served_and_all_clips_are_real_small_MP4s()
    {
        var media = new MediaLibrary(MediaLibrary.DefaultRoot);

        Assert.Equal([3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25, 30], media.Durations);
        Assert.Same(media.ClosestTo(5), media.For("runway", 5));
        Assert.Same(media.ClosestTo(6), media.ClosestTo(7));
        Assert.Same(media.ClosestTo(12), media.ClosestTo(13));
        Assert.Same(media.ClosestTo(30), media.ClosestTo(29));
        Assert.Same(media.C2paSigned, media.For("openai", 5));
        var total = media.Durations.Sum(seconds => (long)media.ClosestTo(seconds).Length);
        Assert.True(total < 1_500_000, $"clips total {total} bytes");
        Assert.All(media.Durations, seconds => Assert.Equal("ftyp"u8.ToArray(), media.ClosestTo(seconds).AsSpan(4, 4).ToArray()));
    }

    [Fact]
    public async Task The_inspection_api_lists_jobs_with_their_request_bodies_and_submit_attempts()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var clients = new VendorClients(Options(server));
        var marker = Jobs.Marker("inspect");
        var request = Jobs.For("byteplus/seedance-2.0", marker);
        await clients.For(request.Route).SubmitAsync(request);
        using var control = new HttpClient { BaseAddress = new Uri(server.BaseUrl, "_emulator/") };

        var jobs = await control.GetFromJsonAsync<List<JobView>>("jobs?vendor=byteplus", EmulatorFixture.Json);
        var attempts = await control.GetFromJsonAsync<Dictionary<string, int>>("submissions");
        var info = await control.GetFromJsonAsync<JsonElement>("info");

        var job = Assert.Single(jobs!);
        Assert.Equal(5, job.Body.GetProperty("duration").GetInt32());
        Assert.Equal("text", job.Body.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal(1, attempts![$"byteplus:{request.Job.Prompt}"]);
        Assert.Equal(server.VendorUrls["kling"], info.GetProperty("urls").GetProperty("kling").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData(null)]
    public async Task A_bad_port_argument_is_one_readable_line_and_exit_code_2(string? value)
    {
        var run = await DotnetProgram.RunAsync(EmulatorDll, value is null ? ["--port"] : ["--port", value]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("emulator: --port takes a port number from 0 to 65535", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_port_in_use_is_one_readable_line_and_exit_code_1()
    {
        using var holder = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var run = await DotnetProgram.RunAsync(EmulatorDll, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith($"emulator: cannot listen on port {port}", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    private static string EmulatorDll => Path.Combine(AppContext.BaseDirectory, "Orchestrator.Emulator.dll");

    private static VendorsOptions Options(EmulatorServer server) => new()
    {
        OpenAI = new OpenAiVideosOptions { BaseUrl = new Uri(server.VendorUrls["openai"]), ApiKey = server.Options.OpenAiApiKey },
        Runway = new RunwayOptions { BaseUrl = new Uri(server.VendorUrls["runway"]), ApiKey = server.Options.RunwayApiKey },
        Fal = new FalOptions { QueueUrl = new Uri(server.VendorUrls["fal"]), ApiKey = server.Options.FalApiKey, JwksUrl = null },
        Luma = new LumaOptions { BaseUrl = new Uri(server.VendorUrls["luma"]), ApiKey = server.Options.LumaApiKey },
        Byteplus = new ByteplusOptions { BaseUrl = new Uri(server.VendorUrls["byteplus"]), ApiKey = server.Options.ByteplusApiKey },
        Kling = new KlingOptions { BaseUrl = new Uri(server.VendorUrls["kling"]), AccessKey = server.Options.KlingAccessKey, SecretKey = server.Options.KlingSecretKey },
        Resilience = EmulatorFixture.FastResilience,
    };
}
