using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Pricing;

/// <summary>The Seedance-on-fal token formula (pricing.md): tokens = height x width x seconds x 24 / 1024.</summary>
public static class TokenMath
{
    public const int FramesPerSecond = 24;
    public const int Divisor = 1024;

    public static decimal Tokens(FrameSize frame, decimal seconds) => (decimal)frame.Width * frame.Height * seconds * FramesPerSecond / Divisor;
}
