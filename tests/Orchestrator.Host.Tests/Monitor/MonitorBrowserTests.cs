using Microsoft.Playwright;
using Orchestrator.Emulator.State;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Testing;
using static Microsoft.Playwright.Assertions;
using EmulatedOutcome = Orchestrator.Emulator.JobOutcome;
using JobBehavior = Orchestrator.Emulator.JobBehavior;

namespace Orchestrator.Host.Tests.Monitor;

/// <summary>
/// The monitor in a real browser: the key is entered once; the job list shows status, route, cost and provenance; a
/// job's page shows its attempts, a working link to its clip and its history; another team's key sees only its own jobs.
/// </summary>
public sealed class MonitorBrowserTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private HostStack stack = null!;
    private Chromium chromium = null!;
    private string delivered = null!;
    private string blocked = null!;
    private string otherTeams = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        stack = await HostStack.StartAsync(azurite);
        delivered = (await stack.StartJobAsync(Requests.Simple("team-a", "a lighthouse at dusk"), HostStack.TeamAKey)).Id;
        blocked = (await stack.StartJobAsync(Requests.Simple("team-a", "a beheading in the square"), HostStack.TeamAKey)).Id;
        otherTeams = (await stack.StartJobAsync(Requests.Simple("team-b", "team b's harbour"), HostStack.TeamBKey)).Id;
        foreach (var id in new[] { delivered, blocked, otherTeams })
        {
            await stack.FinishedAsync(id);
        }
        chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await chromium.DisposeAsync();
        await stack.DisposeAsync();
    }

    [Fact]
    public async Task A_team_sees_its_jobs_and_a_jobs_attempts_clip_and_history()
    {
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(stack.BaseUrl.AbsoluteUri);
        await Expect(page.Locator("#message")).ToContainTextAsync("API key");

        await page.FillAsync("#api-key", HostStack.TeamAKey);
        await page.ClickAsync("#key-form button[type=submit]");

        var rows = page.Locator("#jobs tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var deliveredRow = page.Locator($"#jobs tbody tr[data-instance='{delivered}']");
        await Expect(deliveredRow).ToContainTextAsync("succeeded");
        await Expect(deliveredRow).ToContainTextAsync("fal/kling-v3-standard");
        await Expect(deliveredRow).ToContainTextAsync("0.42");
        await Expect(deliveredRow).ToContainTextAsync("absent");
        await Expect(page.Locator($"#jobs tbody tr[data-instance='{blocked}']")).ToContainTextAsync("moderated");

        await deliveredRow.ClickAsync();
        await Expect(page.Locator("#detail-title")).ToContainTextAsync(delivered);
        await Expect(page.Locator("#attempts tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#attempts tbody tr")).ToContainTextAsync("succeeded");
        await Expect(page.Locator("#detail-route")).ToContainTextAsync("Rule 'default'");
        var videoUrl = await page.Locator("#video-link").GetAttributeAsync("href");
        using (var anonymous = new HttpClient())
        {
            using var video = await anonymous.GetAsync(videoUrl);
            Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
        }
        await page.ClickAsync("#history-link");
        await Expect(page.Locator("#history-events")).ToContainTextAsync("ExecutionStarted");
        await Expect(page.Locator("#history-events")).ToContainTextAsync("SubmitToVendor");
        await Expect(page.Locator("#history-events")).ToContainTextAsync("ExecutionCompleted");
    }

    [Fact]
    public async Task A_running_job_shows_its_route_decision_in_brief()
    {
        const string marker = "[monitor-running]";
        stack.Emulator.State.AddScript(new ScriptRule { PromptContains = marker, Behavior = new JobBehavior { Outcome = EmulatedOutcome.Hang } });
        var running = (await stack.StartJobAsync(Requests.Simple("team-a", $"{marker} a tide that never turns"), HostStack.TeamAKey)).Id;
        await Eventually.ValueAsync(() => stack.GetJobAsync(running), read => read?.Job.Attempts is [{ VendorJobId: not null }], "the job is at the vendor");
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(stack.BaseUrl.AbsoluteUri);
        await page.FillAsync("#api-key", HostStack.TeamAKey);
        await page.ClickAsync("#key-form button[type=submit]");

        await page.Locator($"#jobs tbody tr[data-instance='{running}']").ClickAsync();

        await Expect(page.Locator("#detail-route")).ToContainTextAsync("Rule 'default'");
        await Expect(page.Locator("#detail-route")).ToContainTextAsync("the full plan shows when the job ends");
    }

    [Fact]
    public async Task Another_teams_key_sees_only_its_own_jobs_and_a_wrong_key_is_told_so()
    {
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(stack.BaseUrl.AbsoluteUri);

        await page.FillAsync("#api-key", HostStack.TeamBKey);
        await page.ClickAsync("#key-form button[type=submit]");
        await Expect(page.Locator("#jobs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#jobs tbody tr[data-instance='{otherTeams}']")).ToBeVisibleAsync();

        await page.ClickAsync("#forget-key");
        await page.FillAsync("#api-key", "not-a-key-of-this-host-at-all");
        await page.ClickAsync("#key-form button[type=submit]");
        await Expect(page.Locator("#message")).ToContainTextAsync("not accepted");
        await Expect(page.Locator("#jobs tbody tr")).ToHaveCountAsync(0);
    }
}
