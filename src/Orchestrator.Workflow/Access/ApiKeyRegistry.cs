using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Workflow.Access;

/// <summary>
/// Resolves a presented API key to its caller, for the local host and the Functions app alike. Keys are looked up by
/// their SHA-256, so the registry holds no key in memory longer than configuration does, and a lookup reveals nothing
/// through timing about other keys. Nothing here logs a key or a hash; callers are named by their key's id.
/// </summary>
public sealed partial class ApiKeyRegistry
{
    /// <summary>Keys shorter than this are refused at startup: they could be guessed.</summary>
    public const int MinimumKeyLength = 16;

    private readonly Dictionary<string, JobCaller> byHash;

    public ApiKeyRegistry(IOptions<ApiKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byHash = new Dictionary<string, JobCaller>(StringComparer.Ordinal);
        foreach (var entry in options.Value.Keys)
        {
            var hash = entry.Sha256 is { Length: > 0 } stored ? stored.ToLowerInvariant() : HashOf(entry.Key!);
            byHash[hash] = new JobCaller(entry.Id, string.IsNullOrEmpty(entry.Team) ? null : entry.Team, entry.Admin,
                string.IsNullOrEmpty(entry.Environment) ? null : entry.Environment);
        }
    }

    /// <summary>How many keys are configured.</summary>
    public int Count => byHash.Count;

    /// <summary>The caller a key belongs to, or null for an unknown key.</summary>
    public JobCaller? Resolve(string presentedKey) =>
        string.IsNullOrEmpty(presentedKey) ? null : byHash.GetValueOrDefault(HashOf(presentedKey));

    /// <summary>
    /// The caller of a request with these header values (<see cref="ApiKeyHeaders"/>), or why it has none:
    /// <see cref="ApiKeyRefusal.Missing"/> when it presents no key, <see cref="ApiKeyRefusal.Unknown"/> when no entry has it.
    /// </summary>
    public ApiKeyCheck Check(string? apiKeyHeader, string? authorizationHeader)
    {
        if (ApiKeyHeaders.Presented(apiKeyHeader, authorizationHeader) is not { } presented)
        {
            return new ApiKeyCheck(null, ApiKeyRefusal.Missing);
        }
        return Resolve(presented) is { } caller ? new ApiKeyCheck(caller, null) : new ApiKeyCheck(null, ApiKeyRefusal.Unknown);
    }

    /// <summary>Warns at startup when no key is configured: every call to a keyed endpoint would then be refused.</summary>
    public void WarnIfEmpty(ILogger logger)
    {
        if (Count == 0)
        {
            NoApiKeys(logger, ApiKeyOptions.SectionName);
        }
    }

    /// <summary>The hex SHA-256 of a key, as <see cref="ApiKeyEntry.Sha256"/> stores it.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Every problem with the configured keys, so a bad configuration stops the host at startup with all of them named.</summary>
    public static IEnumerable<string> Problems(ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var entry = options.Keys[i];
            var where = $"{ApiKeyOptions.SectionName}:Keys:{i}";
            if (string.IsNullOrWhiteSpace(entry.Id))
            {
                yield return $"{where}:Id is required";
            }
            else if (!ids.Add(entry.Id))
            {
                yield return $"{where}:Id '{entry.Id}' is used by another key";
            }
            if (string.IsNullOrEmpty(entry.Team) && !entry.Admin)
            {
                yield return $"{where}: a key needs a Team unless it is Admin";
            }
            if (!string.IsNullOrEmpty(entry.Environment) && !WireNames.TryParse<JobEnvironment>(entry.Environment, out _))
            {
                yield return $"{where}:Environment '{entry.Environment}' is not one of {string.Join(", ", WireNames.All<JobEnvironment>())}";
            }
            var hasHash = !string.IsNullOrEmpty(entry.Sha256);
            var hasKey = !string.IsNullOrEmpty(entry.Key);
            if (hasHash == hasKey)
            {
                yield return $"{where}: give exactly one of Sha256 (hex SHA-256 of the key) or Key";
                continue;
            }
            if (hasHash && (entry.Sha256!.Length != 64 || !entry.Sha256.All(char.IsAsciiHexDigit)))
            {
                yield return $"{where}:Sha256 must be 64 hex digits";
                continue;
            }
            if (hasKey && entry.Key!.Length < MinimumKeyLength)
            {
                yield return $"{where}:Key must be at least {MinimumKeyLength} characters";
                continue;
            }
            if (!hashes.Add(hasHash ? entry.Sha256!.ToLowerInvariant() : HashOf(entry.Key!)))
            {
                yield return $"{where}: the same key is configured twice";
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "No API keys are configured ({Section}): every API call will be refused. See local.settings.sample.json.")]
    private static partial void NoApiKeys(ILogger logger, string section);
}
