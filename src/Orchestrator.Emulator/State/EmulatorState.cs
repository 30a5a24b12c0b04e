using System.Collections.Concurrent;

namespace Orchestrator.Emulator.State;

/// <summary>
/// Everything the emulator knows: scripts, jobs, submit attempts per submission key, received webhook deliveries (the
/// inbox). The control and inspection APIs read and write it; tests prove "submitted at most once" from it.
/// </summary>
public sealed class EmulatorState
{
    private readonly object gate = new();
    private readonly List<(ScriptRule Rule, int Used)> scripts = [];
    private readonly ConcurrentDictionary<string, EmulatedJob> jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> submitAttempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> submitFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<InboxDelivery> inbox = new();
    private readonly ConcurrentQueue<WebhookDelivery> sent = new();

    public EmulatorState(EmulatorOptions options) => Options = options;

    public EmulatorOptions Options { get; }

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public IEnumerable<EmulatedJob> Jobs => jobs.Values.OrderBy(job => job.CreatedAt);

    public IReadOnlyCollection<InboxDelivery> Inbox => inbox;

    public IReadOnlyCollection<WebhookDelivery> SentWebhooks => sent;

    /// <summary>Submit attempts per "{vendor}:{submission key or prompt}", whatever their answer.</summary>
    public IReadOnlyDictionary<string, int> SubmitAttempts => submitAttempts;

    public void AddScript(ScriptRule rule)
    {
        lock (gate)
        {
            scripts.Insert(0, (rule, 0));
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            scripts.Clear();
        }
        jobs.Clear();
        submitAttempts.Clear();
        submitFaults.Clear();
        inbox.Clear();
        sent.Clear();
    }

    /// <summary>The newest matching script's behaviour (counting its use), or the default.</summary>
    public JobBehavior BehaviorFor(string vendor, string model, string prompt, string? submissionKey)
    {
        lock (gate)
        {
            for (var index = 0; index < scripts.Count; index++)
            {
                var (rule, used) = scripts[index];
                if ((rule.Times is null || used < rule.Times) && rule.Matches(vendor, model, prompt, submissionKey))
                {
                    scripts[index] = (rule, used + 1);
                    return rule.Behavior;
                }
            }
            return Options.DefaultBehavior;
        }
    }

    /// <summary>Counts a submit attempt and decides whether it meets a scripted fault (429 or 5xx), counted per key.</summary>
    public int? SubmitFault(string vendor, string attemptKey, JobBehavior behavior)
    {
        var key = CountAttempt(vendor, attemptKey);
        var faults = submitFaults.AddOrUpdate(key, 1, (_, count) => count + 1);
        if (faults <= behavior.SubmitThrottles)
        {
            return 429;
        }
        return faults <= behavior.SubmitThrottles + behavior.SubmitServerErrors ? behavior.ServerErrorStatus : null;
    }

    /// <summary>Counts a submit attempt that reached the vendor's logic (even one refused as a duplicate).</summary>
    public string CountAttempt(string vendor, string attemptKey)
    {
        var key = $"{vendor}:{attemptKey}";
        submitAttempts.AddOrUpdate(key, 1, (_, count) => count + 1);
        return key;
    }

    public void Add(EmulatedJob job) => jobs[job.Id] = job;

    public EmulatedJob? Find(string id) => jobs.GetValueOrDefault(id);

    public EmulatedJob? Find(string vendor, string id) => Find(id) is { } job && job.Vendor == vendor ? job : null;

    /// <summary>A job by the submission key it carried (Kling's external_task_id lookups).</summary>
    public EmulatedJob? FindByKey(string vendor, string submissionKey) =>
        jobs.Values.FirstOrDefault(candidate => candidate.Vendor == vendor && candidate.SubmissionKey == submissionKey);

    public void Received(InboxDelivery delivery) => inbox.Enqueue(delivery);

    public void Sent(WebhookDelivery delivery) => sent.Enqueue(delivery);
}

/// <summary>A webhook the emulator's own inbox received (tests point callbacks here and replay them into adapters).</summary>
public sealed record InboxDelivery(string Box, string Url, IReadOnlyDictionary<string, string> Headers, string BodyBase64, DateTimeOffset ReceivedAt);

/// <summary>A webhook the emulator sent, and how the receiver answered.</summary>
public sealed record WebhookDelivery(string Vendor, string JobId, string Phase, string Url, int? ResponseStatus, string? Error, DateTimeOffset SentAt);
