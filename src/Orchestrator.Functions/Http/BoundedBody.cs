namespace Orchestrator.Functions.Http;

/// <summary>Reads a request body up to a limit, so an oversized body is refused without being held whole.</summary>
internal static class BoundedBody
{
    /// <summary>At most <paramref name="limit"/> + 1 bytes: more than <paramref name="limit"/> means the body is too large.</summary>
    public static async Task<byte[]> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while (copy.Length <= limit && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit + 1 - copy.Length)), cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }
}
