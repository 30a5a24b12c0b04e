using System.Text.Json.Serialization;

namespace Orchestrator.Provenance.Validation;

[JsonConverter(typeof(JsonStringEnumConverter<ValidationStatusKind>))]
public enum ValidationStatusKind
{
    Success,
    Informational,
    Failure,
}

/// <summary>One C2PA validation status: the code, the JUMBF URI of what it is about, and a human explanation.</summary>
public sealed record ValidationStatus(string Code, string? Url, string? Explanation)
{
    public ValidationStatusKind Kind => ValidationStatusCodes.KindOf(Code);
}
