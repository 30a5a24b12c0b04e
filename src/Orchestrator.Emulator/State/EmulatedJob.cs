using System.Text.Json.Nodes;

namespace Orchestrator.Emulator.State;

/// <summary>The phase of an emulated job at an instant, derived from its behaviour and the clock, never stored.</summary>
public enum JobPhase
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Refused,
    Canceled,
}

/// <summary>
/// One job the emulator accepted: what was asked (the request body as sent), by which submission key, and how it
/// behaves. Its phase is computed from the clock, so a test that pins time sees a fixed phase.
/// </summary>
public sealed class EmulatedJob
{
    private readonly object gate = new();
    private int pollThrottles;
    private int pollServerErrors;
    private int requests;

    public EmulatedJob(string vendor, string id, string path, string model, string prompt, int seconds, JsonNode body, string? submissionKey, string? callbackUrl, JobBehavior behavior, DateTimeOffset createdAt)
    {
        Vendor = vendor;
        Id = id;
        Path = path;
        Model = model;
        Prompt = prompt;
        Seconds = seconds;
        Body = body;
        SubmissionKey = submissionKey;
        CallbackUrl = callbackUrl;
        Behavior = behavior;
        CreatedAt = createdAt;
        pollThrottles = behavior.PollThrottles;
        pollServerErrors = behavior.PollServerErrors;
    }

    public string Vendor { get; }

    public string Id { get; }

    /// <summary>The submit path (Kling endpoint, fal app path, Runway endpoint).</summary>
    public string Path { get; }

    public string Model { get; }

    public string Prompt { get; }

    public int Seconds { get; }

    public JsonNode Body { get; }

    /// <summary>Kling external_task_id, or the sk of a signed callback URL; null when the request carried none.</summary>
    public string? SubmissionKey { get; }

    public string? CallbackUrl { get; }

    public JobBehavior Behavior { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? CanceledAt { get; private set; }

    public bool Deleted { get; private set; }

    public int CancelRequests { get; private set; }

    /// <summary>Calls about this job after submit (status, result, content, cancel), including those answered with a scripted fault.</summary>
    public int Requests => requests;

    /// <summary>The last phase a webhook was sent for.</summary>
    public JobPhase? NotifiedPhase { get; set; }

    public DateTimeOffset FinishesAt => CreatedAt + TimeSpan.FromMilliseconds(Behavior.QueueMs + Behavior.RunMs);

    public JobPhase PhaseAt(DateTimeOffset now)
    {
        if (CanceledAt is not null)
        {
            return JobPhase.Canceled;
        }
        var elapsed = (now - CreatedAt).TotalMilliseconds;
        if (elapsed < Behavior.QueueMs)
        {
            return JobPhase.Queued;
        }
        if (Behavior.Outcome == JobOutcome.Hang || elapsed < Behavior.QueueMs + Behavior.RunMs)
        {
            return JobPhase.Running;
        }
        return Behavior.Outcome switch
        {
            JobOutcome.Fail => JobPhase.Failed,
            JobOutcome.Refuse => JobPhase.Refused,
            _ => JobPhase.Succeeded,
        };
    }

    public static bool IsTerminal(JobPhase phase) => phase is JobPhase.Succeeded or JobPhase.Failed or JobPhase.Refused or JobPhase.Canceled;

    /// <summary>0-100 in the behaviour's steps; a hanging job stalls below 100.</summary>
    public int ProgressAt(DateTimeOffset now)
    {
        var phase = PhaseAt(now);
        if (phase == JobPhase.Queued)
        {
            return 0;
        }
        if (phase != JobPhase.Running)
        {
            return 100;
        }
        var fraction = Math.Clamp(((now - CreatedAt).TotalMilliseconds - Behavior.QueueMs) / Math.Max(1, Behavior.RunMs), 0, 0.99);
        var steps = Math.Max(1, Behavior.ProgressSteps);
        return (int)(Math.Floor(fraction * steps) * 100 / steps);
    }

    /// <summary>Where a queued job stands: one place per remaining tenth of its queue time.</summary>
    public int QueuePositionAt(DateTimeOffset now) =>
        Math.Max(0, (int)Math.Ceiling((Behavior.QueueMs - (now - CreatedAt).TotalMilliseconds) / Math.Max(1.0, Behavior.QueueMs / 10.0)));

    public DateTimeOffset OutputExpiresAt(TimeSpan defaultLifetime) => FinishesAt + (Behavior.OutputTtlMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaultLifetime);

    /// <summary>Consumes one scripted poll fault, if any is left: 429 first, then server errors.</summary>
    public int? TakePollFault()
    {
        Interlocked.Increment(ref requests);
        lock (gate)
        {
            if (pollThrottles > 0)
            {
                pollThrottles--;
                return 429;
            }
            if (pollServerErrors > 0)
            {
                pollServerErrors--;
                return Behavior.ServerErrorStatus;
            }
            return null;
        }
    }

    /// <summary>Records a cancel; a job that already ended stays as it was. Returns whether it was running or queued.</summary>
    public bool Cancel(DateTimeOffset now)
    {
        lock (gate)
        {
            CancelRequests++;
            if (IsTerminal(PhaseAt(now)))
            {
                return false;
            }
            CanceledAt = now;
            return true;
        }
    }

    public void Delete(DateTimeOffset now)
    {
        lock (gate)
        {
            CancelRequests++;
            if (!IsTerminal(PhaseAt(now)))
            {
                CanceledAt = now;
            }
            Deleted = true;
        }
    }
}
