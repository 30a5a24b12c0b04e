namespace Orchestrator.Provenance.Containers;

/// <summary>One ISO-BMFF box: where it is, how long it is, and its path from the top ("/moov/trak").</summary>
/// <param name="UserType">The extended type of a 'uuid' box.</param>
public sealed record BmffBox(string Path, string Type, long Offset, long Size, int HeaderSize, Guid? UserType)
{
    public long End => Offset + Size;

    public long PayloadOffset => Offset + HeaderSize;

    public long PayloadSize => Size - HeaderSize;

    public bool IsTopLevel => Path.LastIndexOf('/') == 0;
}
