using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Durable.Engine;

/// <summary>Name-based UUID version 5 (RFC 4122 section 4.3), as used by the Durable Task SDK's NewGuid.</summary>
internal static class DeterministicGuid
{
    /// <summary>The namespace the Durable Task SDK uses for orchestration GUIDs.</summary>
    public static readonly Guid OrchestrationNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    public static Guid Create(Guid namespaceId, string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input.AsSpan(0, 16), bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 v5 specifies; this is an identifier, not a security boundary.
        byte[] hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
