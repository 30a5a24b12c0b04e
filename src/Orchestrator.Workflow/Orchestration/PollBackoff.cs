using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// The delay before a status poll: starts at the first delay, grows by the backoff factor, is moved by a jitter that is
/// the same on every replay (derived from the job, attempt and poll number, not from a random source), is capped, and is
/// never shorter than the vendor's own hint (itself capped).
/// </summary>
public static class PollBackoff
{
    public static TimeSpan Delay(JobPolicy policy, TimeSpan routeInterval, string instanceId, int attempt, int poll, TimeSpan? vendorHint)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var first = (policy.FirstPollDelay ?? routeInterval).TotalMilliseconds;
        var cap = policy.MaxPollDelay.TotalMilliseconds;
        var grown = Math.Min(first * Math.Pow(policy.PollBackoff, poll), cap);
        var jittered = grown * (1 + (policy.PollJitter * ((2 * Unit(instanceId, attempt, poll)) - 1)));
        var delay = TimeSpan.FromMilliseconds(Math.Clamp(jittered, 1, Math.Max(1, cap)));
        var honoured = vendorHint is { } hint ? policy.CapHint(hint) : TimeSpan.Zero;
        return honoured > delay ? honoured : delay;
    }

    /// <summary>A number in [0, 1] fixed by the inputs.</summary>
    private static double Unit(string instanceId, int attempt, int poll)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{instanceId}|{attempt}|{poll}")));
        return BinaryPrimitives.ReadUInt64LittleEndian(hash) / (double)ulong.MaxValue;
    }
}
