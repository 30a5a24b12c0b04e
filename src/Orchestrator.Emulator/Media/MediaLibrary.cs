using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Emulator.Media;

/// <summary>
/// The real MP4 clips the emulator serves: the one closest to the asked duration (media/clip-{N}s.mp4), or for vendors
/// that ship C2PA (OpenAI Sora) the signed fixture linked at media/c2pa/video1.mp4. Loaded once; they are small.
/// </summary>
public sealed partial class MediaLibrary
{
    private readonly SortedDictionary<int, byte[]> clips = [];

    public MediaLibrary(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "clip-*s.mp4"))
        {
            var match = ClipName().Match(Path.GetFileName(file));
            if (match.Success)
            {
                clips[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = File.ReadAllBytes(file);
            }
        }
        if (clips.Count == 0)
        {
            throw new FileNotFoundException($"No emulator clips (clip-Ns.mp4) in {root}.");
        }
        var signed = Path.Combine(root, "c2pa", "video1.mp4");
        C2paSigned = File.Exists(signed) ? File.ReadAllBytes(signed) : throw new FileNotFoundException($"The C2PA-signed clip is missing: {signed}.");
    }

    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "media");

    public byte[] C2paSigned { get; }

    public IReadOnlyCollection<int> Durations => clips.Keys;

    public byte[] ClosestTo(int seconds) => clips.MinBy(clip => (Math.Abs(clip.Key - seconds), clip.Key)).Value;

    /// <summary>The clip a vendor's job gets.</summary>
    public byte[] For(string vendor, int seconds) => vendor == "openai" ? C2paSigned : ClosestTo(seconds);

    [GeneratedRegex(@"^clip-(\d+)s\.mp4$")]
    private static partial Regex ClipName();
}
