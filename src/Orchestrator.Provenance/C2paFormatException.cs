namespace Orchestrator.Provenance;

/// <summary>
/// The bytes are not a well-formed container, JUMBF box, CBOR item or COSE structure, or they exceed a safety limit.
/// Thrown by the parsers; the validator turns it into a failure status, never into a crash.
/// </summary>
public sealed class C2paFormatException : Exception
{
    public C2paFormatException(string message) : base(message) { }

    public C2paFormatException(string message, Exception innerException) : base(message, innerException) { }

    public C2paFormatException() { }
}
