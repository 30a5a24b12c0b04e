using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Functions.Configuration;

/// <summary>
/// App settings that are Key Vault references the platform could not resolve (a secret not created yet, or a missing
/// role) keep the reference text itself as their value. Sent to a vendor, that text would be a wrong key; so such a
/// setting is treated as not set, and its name (never a value) is reported.
/// </summary>
public static partial class KeyVaultReferences
{
    private const string ReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>Blanks every unresolved reference in <paramref name="configuration"/> and returns the setting names.</summary>
    public static IReadOnlyList<string> BlankUnresolved(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unresolved = configuration.AsEnumerable()
            .Where(setting => setting.Value?.TrimStart().StartsWith(ReferencePrefix, StringComparison.OrdinalIgnoreCase) == true)
            .Select(setting => setting.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unresolved.Count > 0)
        {
            configuration.AddInMemoryCollection(unresolved.Select(key => KeyValuePair.Create(key, (string?)string.Empty)));
        }
        return unresolved;
    }

    [LoggerMessage(1, LogLevel.Warning, "App setting {Setting} is a Key Vault reference that did not resolve (secret missing, or no access); it is treated as not set.")]
    public static partial void LogUnresolved(ILogger logger, string setting);
}
