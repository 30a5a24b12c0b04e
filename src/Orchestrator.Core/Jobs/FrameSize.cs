using System.Globalization;

namespace Orchestrator.Core.Jobs;

/// <summary>Frame width and height in pixels for a resolution (its short side) and an aspect ratio.</summary>
public readonly record struct FrameSize(int Width, int Height)
{
    public static FrameSize Of(Resolution resolution, string aspectRatio)
    {
        ArgumentNullException.ThrowIfNull(aspectRatio);
        var shortSide = Lines(resolution);
        var parts = aspectRatio.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h) || w <= 0 || h <= 0)
        {
            throw new ArgumentException($"'{aspectRatio}' is not an aspect ratio like 16:9.", nameof(aspectRatio));
        }
        // The long side is rounded to an even number of pixels, as encoders require (480p 16:9 is 854x480).
        var longSide = (int)(Math.Round(shortSide * (decimal)Math.Max(w, h) / Math.Min(w, h) / 2m, MidpointRounding.AwayFromZero) * 2);
        return w >= h ? new FrameSize(longSide, shortSide) : new FrameSize(shortSide, longSide);
    }

    /// <summary>The short side in pixels: 480, 540, 720, 1080 or 2160.</summary>
    public static int Lines(Resolution resolution) => resolution switch
    {
        Resolution.P480 => 480,
        Resolution.P540 => 540,
        Resolution.P720 => 720,
        Resolution.P1080 => 1080,
        Resolution.P2160 => 2160,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    public override string ToString() => $"{Width}x{Height}";
}
