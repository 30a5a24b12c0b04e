using System.Security.Cryptography;

namespace Orchestrator.Provenance.Hashing;

/// <summary>The hash algorithm names C2PA uses ("sha256", "sha384", "sha512").</summary>
public static class HashAlgorithms
{
    public const string Default = "sha256";

    public static bool TryResolve(string? name, out HashAlgorithmName algorithm)
    {
        algorithm = (name ?? Default) switch
        {
            "sha256" => HashAlgorithmName.SHA256,
            "sha384" => HashAlgorithmName.SHA384,
            "sha512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        return algorithm != default;
    }
}
