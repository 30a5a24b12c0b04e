namespace Orchestrator.Vendors;

/// <summary>
/// Classifies a vendor failure from its code and message where the vendor publishes no code families (OpenAI, Luma,
/// Kling): safety words mean a refusal, validation words mean bad input, anything else is the vendor's fault.
/// </summary>
public static class FailureClassifier
{
    private static readonly string[] SafetyWords = ["moderation", "safety", "policy", "sensitive", "nsfw", "content_filter", "inappropriate", "prohibited", "risk"];
    private static readonly string[] InputWords = ["invalid", "param", "unsupported", "validation", "malformed", "too long", "too large", "download"];

    public static VendorFailure Classify(string? code, string? message)
    {
        var text = $"{code} {message}";
        var kind = Contains(text, SafetyWords) ? FailureKind.SafetyRefusal
            : Contains(text, InputWords) ? FailureKind.InvalidInput
            : FailureKind.VendorFault;
        return new VendorFailure(kind, code, string.IsNullOrWhiteSpace(message) ? code ?? "failed without a reason" : message);
    }

    private static bool Contains(string text, string[] words) => words.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));
}
