namespace Orchestrator.Core.Jobs;

/// <summary>One problem with a job request: where (a JSON path such as <c>$.references[1].role</c>), what kind, and a sentence for people.</summary>
public sealed record JobRequestError(string Path, string Code, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The codes of <see cref="JobRequestError"/>, stable for clients that react to them.</summary>
public static class JobRequestErrorCodes
{
    public const string InvalidJson = "invalid-json";
    public const string TooLarge = "too-large";
    public const string UnknownField = "unknown-field";
    public const string DuplicateField = "duplicate-field";
    public const string WrongType = "wrong-type";
    public const string Required = "required";
    public const string OutOfRange = "out-of-range";
    public const string TooLong = "too-long";
    public const string TooMany = "too-many";
    public const string InvalidValue = "invalid-value";
    public const string InvalidFormat = "invalid-format";
    public const string Inconsistent = "inconsistent";
}

/// <summary>The outcome of parsing: a request, or every problem found (never both).</summary>
public sealed record JobRequestParseResult(JobRequest? Request, IReadOnlyList<JobRequestError> Errors)
{
    public bool IsValid => Request is not null;
}

/// <summary>The ids a request may name: route ids (for <c>route</c>) and rate source keys (for <c>priceSource</c>).</summary>
public sealed record JobRequestVocabulary(IReadOnlySet<string> RouteIds, IReadOnlySet<string> PriceSources);
