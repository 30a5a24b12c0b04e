using System.Buffers;
using System.Security.Cryptography;

namespace Orchestrator.Workflow.Activities;

/// <summary>
/// A clip copied from a network stream into a temporary file that deletes itself when disposed, with its SHA-256: the
/// C2PA validator needs to seek, and a clip is never held in memory. Read it from <see cref="File"/>, which is positioned
/// at the start.
/// </summary>
public sealed class SpooledCopy : IAsyncDisposable
{
    private const int BufferSize = 81920;

    private SpooledCopy(FileStream file, string sha256)
    {
        File = file;
        Sha256 = sha256;
    }

    public FileStream File { get; }

    /// <summary>Lowercase hex SHA-256 of the bytes copied.</summary>
    public string Sha256 { get; }

    public static async Task<SpooledCopy> CreateAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return new SpooledCopy(file, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
