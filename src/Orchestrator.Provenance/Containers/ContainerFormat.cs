namespace Orchestrator.Provenance.Containers;

/// <summary>The file formats whose embedded C2PA manifest store this reader can locate.</summary>
public enum ContainerFormat
{
    /// <summary>ISO base media file format: MP4, MOV, M4A, fragmented MP4 segments.</summary>
    Bmff,

    /// <summary>JPEG, with the store in APP11 JUMBF segments.</summary>
    Jpeg,
}

/// <summary>What a file holds: its format, its embedded manifest store bytes (null when none) and, for BMFF, its box layout.</summary>
public sealed record LocatedAsset(ContainerFormat Format, byte[]? ManifestStore, BmffLayout? Layout);
