namespace Orchestrator.Provenance.Hashing;

/// <summary>A half-open byte range [Start, Start + Length) of a file.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length;
}
