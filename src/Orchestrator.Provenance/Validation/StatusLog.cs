namespace Orchestrator.Provenance.Validation;

/// <summary>Collects the statuses of one manifest in the order they are found.</summary>
internal sealed class StatusLog
{
    private readonly List<ValidationStatus> _statuses = [];

    public IReadOnlyList<ValidationStatus> Statuses => _statuses;

    /// <summary>A failure other than an untrusted signer: trust is reported as a status, it does not make a manifest invalid.</summary>
    public bool HasFailure => _statuses.Any(s => s.Kind == ValidationStatusKind.Failure && s.Code != ValidationStatusCodes.SigningCredentialUntrusted);

    public void Add(string code, string? url, string? explanation) => _statuses.Add(new ValidationStatus(code, url, explanation));

    public void AddRange(IEnumerable<ValidationStatus> statuses) => _statuses.AddRange(statuses);
}
