using Microsoft.Extensions.FileProviders;

namespace Orchestrator.Host.Monitor;

/// <summary>
/// The monitor: a static page (index.html, monitor.js, monitor.css, embedded in this assembly) at the host's root, using
/// the same API as any client with a key entered once. No key is needed to load the page; every call it makes needs one.
/// </summary>
public static class MonitorFiles
{
    public static void Use(WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(MonitorFiles).Assembly, typeof(MonitorFiles).Namespace);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }
}
