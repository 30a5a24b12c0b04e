using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;

namespace Orchestrator.Core.Tests.Moderation;

public sealed class ModerationGateTests
{
    private static ModerationGate Gate(IRemoteModerationService remote, ModerationFailMode mode = ModerationFailMode.Closed, TimeSpan? timeout = null)
    {
        var options = new ModerationOptions { FailMode = mode, RemoteTimeout = timeout ?? TimeSpan.FromSeconds(30) };
        return new ModerationGate(new LocalModerationPolicy(options), options, remote);
    }

    private static readonly JobRequest Clean = Requests.Parse("""{"durationSeconds":5,"prompt":"a calm lake","shots":[{"seconds":5,"prompt":"reeds in the wind"}]}""");

    [Fact]
    public async Task A_local_block_never_calls_the_remote_service()
    {
        var remote = new ScriptedRemote(_ => new RemoteModerationResult(false, []));

        var verdict = await Gate(remote).CheckAsync(["a beheading"]);

        Assert.False(verdict.Allowed);
        Assert.Equal(0, remote.Calls);
    }

    [Fact]
    public async Task The_remote_service_sees_every_prompt_and_can_block()
    {
        var remote = new ScriptedRemote(_ => new RemoteModerationResult(true, ["violence"]));

        var verdict = await Gate(remote).CheckAsync(Clean);

        Assert.False(verdict.Allowed);
        Assert.Equal("remote-test", verdict.Flags[0].Source);
        Assert.Equal(["violence"], verdict.Categories);
        Assert.Equal("a calm lake\nreeds in the wind", remote.LastText);
    }

    [Fact]
    public async Task A_remote_allow_is_an_allow()
    {
        var verdict = await Gate(new ScriptedRemote(_ => new RemoteModerationResult(false, []))).CheckAsync(Clean);

        Assert.True(verdict.Allowed);
        Assert.Contains("remote-test", verdict.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModerationFailMode.Closed, false)]
    [InlineData(ModerationFailMode.Open, true)]
    public async Task A_failing_remote_service_follows_the_fail_mode(ModerationFailMode mode, bool allowed)
    {
        var verdict = await Gate(new ScriptedRemote(_ => throw new HttpRequestException("503")), mode).CheckAsync(Clean);

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Contains("HttpRequestException", allowed ? verdict.Note! : verdict.Flags[0].Match, StringComparison.Ordinal);
        if (!allowed)
        {
            Assert.Equal([ModerationGate.UnavailableCategory], verdict.Categories);
        }
    }

    [Fact]
    public async Task A_remote_service_that_never_answers_times_out_closed()
    {
        var verdict = await Gate(new HangingRemote(), ModerationFailMode.Closed, TimeSpan.FromMilliseconds(200)).CheckAsync(Clean);

        Assert.False(verdict.Allowed);
        Assert.Contains("did not answer within", verdict.Flags[0].Match, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_swallowed()
    {
        using var cancellation = new CancellationTokenSource();
        var pending = Gate(new HangingRemote()).CheckAsync(Clean, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    private sealed class ScriptedRemote(Func<string, RemoteModerationResult> answer) : IRemoteModerationService
    {
        public int Calls { get; private set; }

        public string? LastText { get; private set; }

        public string Name => "remote-test";

        public Task<RemoteModerationResult> CheckAsync(string text, CancellationToken cancellationToken)
        {
            Calls++;
            LastText = text;
            return Task.FromResult(answer(text));
        }
    }

    private sealed class HangingRemote : IRemoteModerationService
    {
        public string Name => "hanging";

        public async Task<RemoteModerationResult> CheckAsync(string text, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
