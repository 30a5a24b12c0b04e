using System.Globalization;

namespace Orchestrator.Core.Pricing;

/// <summary>Money rounding and formatting: costs are kept to the micro-dollar, written without trailing zeros.</summary>
public static class Money
{
    public const int Decimals = 6;

    /// <summary>Rounds to <see cref="Decimals"/> places (midpoints away from zero) and drops trailing zeros.</summary>
    public static decimal Round(decimal value) => Normalize(Math.Round(value, Decimals, MidpointRounding.AwayFromZero));

    /// <summary>The same value with no trailing zeros (0.420 becomes 0.42), so JSON and text show it plainly.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    public static string Format(decimal value) => Normalize(Math.Round(value, 10, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);
}
