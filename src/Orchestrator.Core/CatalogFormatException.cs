namespace Orchestrator.Core;

/// <summary>A data file (rate catalog or route definitions) that cannot be used; <see cref="Problems"/> lists every problem found.</summary>
public sealed class CatalogFormatException : Exception
{
    public CatalogFormatException()
        : this("The catalog is not valid.", [])
    {
    }

    public CatalogFormatException(string message)
        : this(message, [])
    {
    }

    public CatalogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public CatalogFormatException(string message, IReadOnlyList<string> problems)
        : base(problems.Count == 0 ? message : $"{message} {string.Join(" ", problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
