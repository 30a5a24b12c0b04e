namespace Orchestrator.Provenance.Containers;

/// <summary>Recognises the container format from its first bytes and finds the embedded C2PA manifest store.</summary>
public static class ManifestLocator
{
    /// <summary>Locates the store without reading media data; the stream must be seekable.</summary>
    /// <exception cref="NotSupportedException">The file is neither ISO-BMFF nor JPEG.</exception>
    /// <exception cref="C2paFormatException">The container is malformed or the store is larger than <paramref name="maxStoreBytes"/>.</exception>
    public static async Task<LocatedAsset> LocateAsync(Stream stream, long maxStoreBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }
        var head = new byte[12];
        stream.Seek(0, SeekOrigin.Begin);
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return await JpegManifestLocator.LocateAsync(stream, maxStoreBytes, cancellationToken).ConfigureAwait(false);
        }
        if (read >= 8 && IsBmffStart(head.AsSpan(4, 4)))
        {
            return await BmffManifestLocator.LocateAsync(stream, maxStoreBytes, cancellationToken).ConfigureAwait(false);
        }
        throw new NotSupportedException("Not an ISO-BMFF (MP4/MOV/M4A) or JPEG file.");
    }

    private static bool IsBmffStart(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("ftyp"u8) || type.SequenceEqual("styp"u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("uuid"u8)
        || type.SequenceEqual("free"u8) || type.SequenceEqual("mdat"u8) || type.SequenceEqual("wide"u8) || type.SequenceEqual("skip"u8);
}
