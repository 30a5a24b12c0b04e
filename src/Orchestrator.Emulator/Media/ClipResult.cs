namespace Orchestrator.Emulator.Media;

/// <summary>
/// Serves a clip as video/mp4 the way the job's script says: whole; truncated (the full Content-Length announced, half
/// sent, the connection dropped); or corrupt (the full length of bytes that are not an MP4).
/// </summary>
public sealed class ClipResult(byte[] clip, DownloadMode mode) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.ContentType = "video/mp4";
        response.ContentLength = clip.Length;
        response.Headers.ContentDisposition = "attachment; filename=\"video.mp4\"";
        var cancel = httpContext.RequestAborted;
        switch (mode)
        {
            case DownloadMode.Truncate:
                await response.Body.WriteAsync(clip.AsMemory(0, clip.Length / 2), cancel);
                await response.Body.FlushAsync(cancel);
                // Let the headers and the first half reach the client before the connection is reset.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancel);
                httpContext.Abort();
                break;
            case DownloadMode.Corrupt:
                var garbage = (byte[])clip.Clone();
                "junkjunkjunk"u8.CopyTo(garbage.AsSpan(0, 12));
                await response.Body.WriteAsync(garbage, cancel);
                break;
            default:
                await response.Body.WriteAsync(clip, cancel);
                break;
        }
    }
}
