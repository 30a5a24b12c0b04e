namespace Orchestrator.Workflow.Access;

/// <summary>
/// The API keys a host accepts (section <see cref="SectionName"/>, the same in the local host and the Functions app).
/// Each key belongs to one team (or is an admin key), may be limited to one environment, and is stored as the hex
/// SHA-256 of the key (or, for local runs only, as the key itself). ToString never shows a key or a hash.
/// </summary>
public sealed record ApiKeyOptions
{
    public const string SectionName = "Orchestrator:ApiKeys";

    public IList<ApiKeyEntry> Keys { get; init; } = [];

    public override string ToString() => $"{Keys.Count} API keys: {string.Join(", ", Keys)}";
}

/// <summary>One API key: who it is (<see cref="Id"/>, shown in logs and cost rows), what it may do, and how to recognise it.</summary>
public sealed record ApiKeyEntry
{
    /// <summary>The key's public name, e.g. "studio-a-ci"; recorded as the caller of every job it starts.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The team whose jobs this key starts and sees; empty for an admin key that is not a team's.</summary>
    public string? Team { get; init; }

    /// <summary>An admin key sees and manages every team's jobs and sets budgets.</summary>
    public bool Admin { get; init; }

    /// <summary>sandbox, staging or production: the only environment the key may start jobs in; empty for any.</summary>
    public string? Environment { get; init; }

    /// <summary>Lowercase or uppercase hex SHA-256 of the key's UTF-8 bytes (how keys are stored outside local runs).</summary>
    public string? Sha256 { get; init; }

    /// <summary>The key itself; for local runs and tests only (use <see cref="Sha256"/> elsewhere).</summary>
    public string? Key { get; init; }

    public override string ToString() =>
        $"{Id} ({(Admin ? "admin" : "team " + Team)}{(string.IsNullOrEmpty(Environment) ? string.Empty : ", " + Environment)})";
}
