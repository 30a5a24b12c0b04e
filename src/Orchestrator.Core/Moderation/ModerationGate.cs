using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Moderation;

/// <summary>
/// The gate before submit: the local policy first (a block there costs nothing and skips the remote call), then the remote
/// service if one is configured, with a timeout and the configured fail mode. Only an allowed request may be submitted.
/// </summary>
public sealed class ModerationGate
{
    public const string UnavailableCategory = "moderation-unavailable";

    private readonly LocalModerationPolicy local;
    private readonly ModerationOptions options;
    private readonly IRemoteModerationService? remote;
    private readonly TimeProvider time;

    public ModerationGate(LocalModerationPolicy local, ModerationOptions options, IRemoteModerationService? remote = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(options);
        this.local = local;
        this.options = options;
        this.remote = remote;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The texts of a request that reach the model: its prompt and each shot's prompt.</summary>
    public static IReadOnlyList<string> TextsOf(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [request.Prompt, .. request.Shots.Select(shot => shot.Prompt)];
    }

    public Task<ModerationVerdict> CheckAsync(JobRequest request, CancellationToken cancellationToken = default) => CheckAsync(TextsOf(request), cancellationToken);

    public async Task<ModerationVerdict> CheckAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var verdict = local.Check(texts);
        if (!verdict.Allowed || remote is null)
        {
            return verdict;
        }
        using var timeout = new CancellationTokenSource(options.RemoteTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await remote.CheckAsync(string.Join('\n', texts), linked.Token).ConfigureAwait(false);
            return result.Flagged
                ? new ModerationVerdict(false, [.. result.Categories.DefaultIfEmpty("flagged").Select(category => new ModerationFlag(category, remote.Name, category))], $"blocked by {remote.Name}")
                : ModerationVerdict.Allow($"allowed by the local policy and {remote.Name}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            var what = timeout.IsCancellationRequested ? $"did not answer within {options.RemoteTimeout.TotalSeconds:0.#} s" : $"failed ({exception.GetType().Name})";
            return options.FailMode == ModerationFailMode.Closed
                ? new ModerationVerdict(false, [new ModerationFlag(UnavailableCategory, remote.Name, what)], $"{remote.Name} {what}; moderation fails closed")
                : ModerationVerdict.Allow($"{remote.Name} {what}; allowed by the local policy alone (moderation fails open)");
        }
    }
}
