namespace Orchestrator.Emulator;

/// <summary>
/// How one emulated job behaves, set by a script (control API) or the default: its timing, its end, the faults its
/// calls meet (counted per job: submit faults before the job exists, poll faults on its status, result and content
/// calls), its webhooks and its download. All fields have working defaults; scripts give only what they change.
/// </summary>
public sealed record JobBehavior
{
    public int QueueMs { get; init; } = 100;

    public int RunMs { get; init; } = 300;

    /// <summary>Progress moves in this many steps while running.</summary>
    public int ProgressSteps { get; init; } = 4;

    public JobOutcome Outcome { get; init; } = JobOutcome.Succeed;

    /// <summary>The vendor failure code for fail/refuse (default: the vendor's typical code).</summary>
    public string? FailureCode { get; init; }

    public string? FailureMessage { get; init; }

    /// <summary>
    /// The vendor's error code on scripted error answers (429s, 5xx, a refusal at submit) instead of its usual one, e.g.
    /// Kling's 1102 (resource pack exhausted) on a 429.
    /// </summary>
    public string? ErrorCode { get; init; }

    /// <summary>Refuse at submit with the vendor's safety error instead of failing the job later.</summary>
    public bool RefuseAtSubmit { get; init; }

    /// <summary>Answer this many submits with 429 before accepting one.</summary>
    public int SubmitThrottles { get; init; }

    /// <summary>Answer this many submits with <see cref="ServerErrorStatus"/> before accepting one (the job is not created).</summary>
    public int SubmitServerErrors { get; init; }

    /// <summary>Create the job, then answer the submit with a 500 anyway (the answer is lost: the caller cannot know).</summary>
    public bool LoseSubmitAnswer { get; init; }

    /// <summary>Answer this many status/result/content calls with 429 before serving.</summary>
    public int PollThrottles { get; init; }

    public int PollServerErrors { get; init; }

    public int ServerErrorStatus { get; init; } = 503;

    /// <summary>Retry-After on 429s, in milliseconds (sent as retry-after-ms, and as Retry-After in whole seconds rounded up).</summary>
    public int RetryAfterMs { get; init; } = 50;

    /// <summary>Send <see cref="RetryAfterMs"/> on scripted 5xx answers too (a 503 may say when to come back).</summary>
    public bool RetryAfterOnServerErrors { get; init; }

    /// <summary>Extra latency before every answer about this job, in milliseconds (uniform in [min, max]).</summary>
    public int LatencyMinMs { get; init; }

    public int LatencyMaxMs { get; init; }

    /// <summary>Deliver webhooks (where the contract has them).</summary>
    public bool Webhooks { get; init; } = true;

    /// <summary>How long the output URL stays valid after the job finishes; null for the emulator's default.</summary>
    public int? OutputTtlMs { get; init; }

    public DownloadMode Download { get; init; } = DownloadMode.Ok;

    /// <summary>fal only: the status call answers 504 with X-Fal-Request-Timeout-Type: user.</summary>
    public bool FalUserTimeout { get; init; }

    /// <summary>Kling only: scripted errors (throttles, server faults, a refusal at submit) answer HTTP 200 with the non-zero code in the envelope and no data.</summary>
    public bool KlingErrorInOkAnswer { get; init; }
}

public enum JobOutcome
{
    Succeed,
    Fail,

    /// <summary>The vendor's safety system refuses the output.</summary>
    Refuse,

    /// <summary>Runs forever (until cancelled).</summary>
    Hang,
}

public enum DownloadMode
{
    Ok,

    /// <summary>Announce the full length, send half, drop the connection.</summary>
    Truncate,

    /// <summary>Send the full length of bytes that are not an MP4.</summary>
    Corrupt,
}
