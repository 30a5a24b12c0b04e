namespace Orchestrator.Emulator.State;

/// <summary>
/// A scripted behaviour and the jobs it applies to: every given condition must hold (vendor, model or fal app path,
/// a marker in the prompt, the submission key). <see cref="Times"/> limits how many jobs take it.
/// </summary>
public sealed record ScriptRule
{
    public string? Vendor { get; init; }

    public string? Model { get; init; }

    public string? PromptContains { get; init; }

    public string? SubmissionKey { get; init; }

    public int? Times { get; init; }

    public JobBehavior Behavior { get; init; } = new();

    public bool Matches(string vendor, string model, string prompt, string? submissionKey) =>
        (Vendor is null || string.Equals(Vendor, vendor, StringComparison.OrdinalIgnoreCase))
        && (Model is null || string.Equals(Model, model, StringComparison.Ordinal))
        && (PromptContains is null || prompt.Contains(PromptContains, StringComparison.OrdinalIgnoreCase))
        && (SubmissionKey is null || string.Equals(SubmissionKey, submissionKey, StringComparison.Ordinal));
}
