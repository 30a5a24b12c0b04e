using System.Security.Cryptography;
using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance.Hashing;

/// <summary>The algorithm and expected hash every hard-binding assertion carries.</summary>
internal static class BindingFields
{
    /// <exception cref="NotSupportedException">The algorithm is not sha256/384/512.</exception>
    public static (HashAlgorithmName Algorithm, ReadOnlyMemory<byte> Hash) Read(CborValue assertion, string? defaultAlgorithm)
    {
        var algorithm = Algorithm(assertion, defaultAlgorithm);
        var hash = assertion["hash"]?.AsBytes() ?? throw new C2paFormatException("The hash binding has no hash.");
        return (algorithm, hash);
    }

    public static HashAlgorithmName Algorithm(CborValue assertion, string? defaultAlgorithm)
    {
        var name = assertion["alg"]?.AsText() ?? defaultAlgorithm;
        return HashAlgorithms.TryResolve(name, out var algorithm) ? algorithm : throw new NotSupportedException($"Hash algorithm '{name}' is not supported.");
    }
}
